import { setTimeout as delay } from 'node:timers/promises';
import { Wharf } from '@wharf/sdk';

const POLL_INTERVAL_MS = 200;
/** The runs endpoint's largest page. */
const RUNS_PAGE = 500;

export interface WaitForRunsOptions {
  /** How the error names the place, e.g. `development/ada`. */
  place: string;
  /** Epoch milliseconds after which waiting fails. */
  deadline: number;
  /** Milliseconds the caller granted, for the error message. */
  timeoutMs: number;
}

/**
 * Polls the runs of the client's namespace until every run in `runIds` has completed. Rejects at
 * once if one failed (with its error), and at the deadline naming how many are still running and
 * one of them to inspect.
 */
export async function waitForRuns(
  client: Wharf,
  runIds: readonly string[],
  options: WaitForRunsOptions,
): Promise<void> {
  const pending = new Set(runIds);
  for (;;) {
    const page = await client.runs.list({ limit: RUNS_PAGE });
    const status = new Map(page.map((r) => [r.runId, r.status]));
    // A namespace busier than one page: ask for the runs the page did not show one by one.
    for (const runId of pending) {
      if (!status.has(runId)) status.set(runId, (await client.runs.get(runId)).status);
    }
    for (const runId of [...pending]) {
      const s = status.get(runId);
      if (s === 'completed') pending.delete(runId);
      else if (s === 'failed') {
        const run = await client.runs.get(runId);
        throw new Error(`run ${runId} in ${options.place} failed: ${run.error ?? 'no error recorded'}`);
      }
    }
    if (pending.size === 0) return;
    if (Date.now() > options.deadline) {
      const example = pending.values().next().value as string;
      throw new Error(
        `only ${runIds.length - pending.size} of ${runIds.length} runs in ${options.place} completed within ` +
          `${options.timeoutMs / 1000} s; ${pending.size} still running, e.g. ${example} ` +
          `(\`wharf runs show ${example} --namespace ${client.namespace}\` with that tenant's token shows where it waits). ` +
          'Are the dispatch service and the edge running? Raise --timeout for a slow machine.',
      );
    }
    await delay(POLL_INTERVAL_MS);
  }
}
