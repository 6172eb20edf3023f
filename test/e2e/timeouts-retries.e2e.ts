import { NonRetryableError, Run, Wharf, WharfWorker } from '@wharf/sdk';
import { eventually } from '../support/eventually';
import { createTenant } from '../support/tenant-fixture';
import { startWharfCluster, WharfCluster } from '../support/wharf-cluster';

jest.setTimeout(120_000);

/**
 * Issue 4, "Slots, queueing, timeouts, retries": retries with backoff, non-retryable errors,
 * execution and schedule timeouts, and cancellation, through the real services (from dist) and
 * the SDK. Timeouts and backoffs are set short per step, so nothing here waits long.
 */
describe('timeouts, retries and cancellation', () => {
  let cluster: WharfCluster;
  const workers: WharfWorker[] = [];

  beforeAll(async () => {
    cluster = await startWharfCluster({ env: { WHARF_DISPATCH_TICK_MS: '50' } });
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop().catch(() => undefined)));
    await cluster?.stop();
  });

  async function startWorker(client: Wharf, actions: Parameters<Wharf['worker']>[0]['actions']): Promise<WharfWorker> {
    const worker = client.worker({ name: 'e2e', maxRuns: 4, handleSignals: false, actions });
    await worker.start();
    workers.push(worker);
    return worker;
  }

  function finished(client: Wharf, runId: string): Promise<Run> {
    return eventually(
      async () => {
        const run = await client.runs.get(runId);
        return ['completed', 'failed', 'cancelled'].includes(run.status) ? run : undefined;
      },
      { timeoutMs: 60_000, what: `run ${runId} finished` },
    );
  }

  it('retries a flaky handler with the recorded backoff until attempt 3 succeeds', async () => {
    const client = (await createTenant(cluster, 'Flaky')).client();
    await client.workflows.put({
      name: 'flaky',
      eventKeys: ['job:flaky'],
      steps: [{ name: 'do', action: 'job:flaky', retry: { attempts: 3, backoffMs: 100, factor: 2 } }],
    });
    await startWorker(client, {
      'job:flaky': (_input, ctx) => {
        if (ctx.attempt < 3) throw new Error(`flaky on attempt ${ctx.attempt}`);
        return `ok on attempt ${ctx.attempt}`;
      },
    });
    const { runs } = await client.events.push('job:flaky', {});
    const run = await finished(client, runs[0]);
    expect(run.status).toBe('completed');
    expect(run.output).toBe('ok on attempt 3');
    const [step] = run.steps;
    expect(step.assignments.map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'completed'],
    ]);
    expect(step.retries?.map((r) => [r.attempt, r.reason, r.delayMs])).toEqual([
      [1, 'failed', 100],
      [2, 'failed', 200],
    ]);
    for (const retry of step.retries ?? []) {
      expect(Date.parse(retry.retryAt) - Date.parse(retry.at)).toBe(retry.delayMs);
    }
  });

  it('fails at once on a non-retryable error, whatever retries the step allows', async () => {
    const client = (await createTenant(cluster, 'Non Retryable')).client();
    await client.workflows.put({
      name: 'strict',
      eventKeys: ['job:strict'],
      steps: [{ name: 'do', action: 'job:strict', retry: { attempts: 5, backoffMs: 10 } }],
    });
    await startWorker(client, {
      'job:strict': () => {
        throw new NonRetryableError('input has no email');
      },
    });
    const { runs } = await client.events.push('job:strict', {});
    const run = await finished(client, runs[0]);
    expect(run.status).toBe('failed');
    expect(run.steps[0].error).toBe('input has no email');
    expect(run.steps[0].assignments).toHaveLength(1);
    expect(run.steps[0].retries).toEqual([]);
  });

  it('cancels a slow attempt at its execution timeout (ctx.signal aborts) and retries it', async () => {
    const client = (await createTenant(cluster, 'Slow')).client();
    await client.workflows.put({
      name: 'slow',
      eventKeys: ['job:slow'],
      steps: [
        {
          name: 'do',
          action: 'job:slow',
          timeouts: { executionMs: 500 },
          retry: { attempts: 1, backoffMs: 50 },
        },
      ],
    });
    const aborted: string[] = [];
    await startWorker(client, {
      'job:slow': async (_input, ctx) => {
        if (ctx.attempt > 1) return `fast on attempt ${ctx.attempt}`;
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
        aborted.push(`${ctx.attempt}:${String(ctx.signal.reason)}`);
        return 'too late';
      },
    });
    const { runs } = await client.events.push('job:slow', {});
    const run = await finished(client, runs[0]);
    expect(run.status).toBe('completed');
    expect(run.output).toBe('fast on attempt 2');
    expect(aborted).toEqual(['1:execution-timeout']);
    const [step] = run.steps;
    expect(step.timeouts).toEqual([expect.objectContaining({ attempt: 1, phase: 'execution', afterMs: 500 })]);
    expect(step.retries).toEqual([expect.objectContaining({ attempt: 1, reason: 'execution-timeout', delayMs: 50 })]);
    expect(step.assignments.map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'timed-out'],
      [2, 'completed'],
    ]);
    // The timed-out attempt's late report is refused (fencing), never applied.
    await expect(client.stepRuns.completed(step.stepRunId, 1, 'late')).rejects.toMatchObject({ status: 409 });
  });

  it('fails a step no worker takes after its schedule timeout, with a readable reason', async () => {
    const client = (await createTenant(cluster, 'Nobody')).client();
    await client.workflows.put({
      name: 'orphan',
      eventKeys: ['job:orphan'],
      steps: [{ name: 'do', action: 'job:nobody', timeouts: { scheduleMs: 300 }, retry: { attempts: 3 } }],
    });
    const { runs } = await client.events.push('job:orphan', {});
    const run = await finished(client, runs[0]);
    expect(run.status).toBe('failed');
    expect(run.steps[0].error).toBe('no worker took the step within its schedule timeout of 300 ms');
    expect(run.error).toBe('step "do" failed: no worker took the step within its schedule timeout of 300 ms');
    expect(run.steps[0].timeouts).toEqual([
      expect.objectContaining({ attempt: 0, phase: 'schedule', workerId: null, afterMs: 300 }),
    ]);
  });

  it('cancels a run mid-step: the handler is aborted, the run shows cancelled; twice is fine, a finished run is a 409', async () => {
    const client = (await createTenant(cluster, 'Cancel')).client();
    await client.workflows.put({
      name: 'long',
      eventKeys: ['job:long'],
      steps: [
        { name: 'do', action: 'job:long' },
        { name: 'after', action: 'job:long' },
      ],
    });
    let started: () => void = () => undefined;
    const running = new Promise<void>((resolve) => (started = resolve));
    const aborted: string[] = [];
    await startWorker(client, {
      'job:long': async (_input, ctx) => {
        started();
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
        aborted.push(String(ctx.signal.reason));
      },
    });
    const { runs } = await client.events.push('job:long', {});
    await running;
    expect(await client.runs.cancel(runs[0], 'changed my mind')).toEqual({ runId: runs[0], status: 'cancelled' });
    await eventually(() => (aborted.length > 0 ? true : undefined), { what: 'the handler aborted' });
    expect(aborted).toEqual(['run-cancelled']);
    const run = await finished(client, runs[0]);
    expect(run.status).toBe('cancelled');
    expect(run.cancellation).toEqual(expect.objectContaining({ reason: 'changed my mind' }));
    expect(run.steps.map((s) => s.status)).toEqual(['cancelled', 'pending']);
    expect(run.steps[0].assignments.map((a) => a.outcome)).toEqual(['cancelled']);
    expect(await client.runs.cancel(runs[0])).toEqual({ runId: runs[0], status: 'cancelled' });
    // The cancelled attempt's late report is refused.
    await expect(client.stepRuns.completed(run.steps[0].stepRunId, 1, 'late')).rejects.toMatchObject({
      status: 409,
    });

    await client.workflows.put({
      name: 'quick',
      eventKeys: ['job:quick'],
      steps: [{ name: 'do', action: 'job:quick' }],
    });
    await startWorker(client, { 'job:quick': () => 'done' });
    const quick = await finished(client, (await client.events.push('job:quick', {})).runs[0]);
    expect(quick.status).toBe('completed');
    await expect(client.runs.cancel(quick.runId)).rejects.toMatchObject({ status: 409 });
  });
});
