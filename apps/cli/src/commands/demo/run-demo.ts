import { DEFAULT_NAMESPACE } from '@wharf/names';
import { Run, StepContext, Wharf, WharfApiError, WharfWorker } from '@wharf/sdk';
import { auditTrailText, checkLines, spreadTable, WorkerTally } from './demo-report';
import { DemoLedger, HandledStep } from './demo-ledger';
import {
  DEMO_ACTION,
  DEMO_EVENT_KEY,
  DEMO_PLACES,
  DEMO_TENANTS,
  DEMO_TOKEN_ROLES,
  DEMO_WORKFLOW,
  DemoEnvironment,
  DemoPlace,
  DemoTokenRole,
} from './demo-scenario';
import { DemoCheck, isolationChecks, PushedRuns } from './isolation-checks';
import { waitForRuns } from './wait-for-runs';

export const DEFAULT_DEMO_EVENTS = 40;
export const DEFAULT_DEMO_TIMEOUT_MS = 60_000;
/** Steps a demo worker may run at once: enough that a busy worker never narrows the random choice. */
const WORKER_MAX_RUNS = 10;
/** Events pushed at once per place, and runs read back at once for the audit check. */
const CONCURRENCY = 10;

export interface DemoOptions {
  url: string;
  operatorToken: string;
  /** Events pushed in each place. */
  events: number;
  /** Receives every line of the demo's story and report. */
  log: (line: string) => void;
  /** How long to wait for every run to complete. */
  timeoutMs?: number;
}

export interface DemoWorkerResult {
  name: string;
  workerId: string;
  labels: Record<string, string>;
  /** Runs this worker's handler ran. */
  runs: number;
}

export interface DemoPlaceResult {
  label: string;
  environment: DemoEnvironment;
  tenant: string;
  namespace: string;
  events: number;
  runIds: string[];
  workers: DemoWorkerResult[];
}

/** What the demo found; holds no token. */
export interface DemoResult {
  /** Tenant slug per environment. */
  tenants: Record<DemoEnvironment, string>;
  places: DemoPlaceResult[];
  checks: DemoCheck[];
  passed: boolean;
  /** One run as `runs.get` answers it: the example of the audit trail. */
  exampleRun: Run;
}

/** The secret of each of a tenant's demo tokens, by role; never logged or returned. */
type DemoTokens = Record<DemoTokenRole, string>;

interface LivePlace {
  plan: DemoPlace;
  tenant: string;
  /** The place's publisher: pushes the events and reads the runs. */
  client: Wharf;
  workers: { name: string; labels: Record<string, string>; worker: WharfWorker }[];
  runIds: string[];
}

function placeName(place: LivePlace): string {
  return `${place.plan.environment}/${place.plan.namespace}`;
}

/** Runs `task` over `items`, at most `limit` at a time, keeping the order of the results. */
async function inBatches<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += limit) {
    results.push(...(await Promise.all(items.slice(i, i + limit).map(task))));
  }
  return results;
}

/** `404` when the request is refused as not found, else what happened instead. */
async function notFoundAnswer(request: () => Promise<unknown>): Promise<string> {
  try {
    await request();
    return 'answered 200';
  } catch (err) {
    if (err instanceof WharfApiError) return err.status === 404 ? '404' : `answered ${err.status}`;
    throw err;
  }
}

/** Which worker Wharf recorded as having completed the run's step. */
function recordedWorker(run: Run): string | undefined {
  return run.steps[0]?.assignments.find((a) => a.outcome === 'completed')?.workerId;
}

async function auditCheck(places: readonly LivePlace[], handled: readonly HandledStep[]): Promise<DemoCheck> {
  const ranBy = new Map(handled.map((s) => [s.runId, s.workerId]));
  let total = 0;
  const disagreeing: string[] = [];
  for (const place of places) {
    const runs = await inBatches(place.runIds, CONCURRENCY, (runId) => place.client.runs.get(runId));
    total += runs.length;
    for (const run of runs) if (recordedWorker(run) !== ranBy.get(run.runId)) disagreeing.push(run.runId);
  }
  return disagreeing.length === 0
    ? { ok: true, text: `Wharf's audit trail (runs.get) names, for each of the ${total} runs, the worker that ran it` }
    : {
        ok: false,
        text: `for ${disagreeing.length} of the ${total} runs Wharf's audit trail names another worker than the one that ran it, e.g. run ${disagreeing[0]}`,
      };
}

async function accessChecks(
  byLabel: Map<string, LivePlace>,
  url: string,
  tokens: Record<DemoEnvironment, DemoTokens>,
): Promise<DemoCheck[]> {
  const ada = byLabel.get('ada') as LivePlace;
  const bob = byLabel.get('bob') as LivePlace;
  const staging = byLabel.get('staging') as LivePlace;
  const adaRun = ada.runIds[0];
  const stagingRun = staging.runIds[0];
  const bobReadsAda = await notFoundAnswer(() => bob.client.runs.get(adaRun));
  // Another tenant's token that may read runs, even when it names the right namespace.
  const stagingReadsAda = await notFoundAnswer(() =>
    new Wharf({ url, token: tokens.staging.publisher, namespace: ada.plan.namespace, tenant: null }).runs.get(adaRun),
  );
  const developmentReadsStaging = await notFoundAnswer(() =>
    new Wharf({
      url,
      token: tokens.development.publisher,
      namespace: staging.plan.namespace,
      tenant: null,
    }).runs.get(stagingRun),
  );
  return [
    { ok: bobReadsAda === '404', text: `bob's namespace cannot read one of ada's runs (${bobReadsAda})` },
    {
      ok: stagingReadsAda === '404' && developmentReadsStaging === '404',
      text: `the staging token cannot read an ada run even in namespace ada (${stagingReadsAda}), nor the development token a staging run (${developmentReadsStaging})`,
    },
  ];
}

function tallies(places: readonly LivePlace[], handled: readonly HandledStep[]): WorkerTally[] {
  return places.flatMap((place) => {
    const mine = handled.filter((s) => s.place === place.plan.label);
    return place.workers.map(({ name, labels }) => ({
      tenant: place.tenant,
      namespace: place.plan.namespace,
      worker: name,
      labels,
      runs: mine.filter((s) => s.worker === name).length,
      placeRuns: mine.length,
    }));
  });
}

/**
 * Tells Wharf's environment story against a running Wharf, through the SDK over HTTP like any
 * user: two tenants (development, staging) with their own tokens; in development two developers'
 * namespaces with a local and a cloud worker each, in staging one worker; the same workflow
 * everywhere; `events` events pushed in each place. Reports where every run went and checks that
 * nothing crossed a namespace or tenant. The workers are stopped and deregistered before it
 * returns or throws; the tenants stay. Throws if Wharf refuses a step or the runs do not complete
 * within `timeoutMs`.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const { url, log, events } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_DEMO_TIMEOUT_MS;
  const operator = new Wharf({ url, token: options.operatorToken, namespace: DEFAULT_NAMESPACE, tenant: null });
  const ledger = new DemoLedger();
  const places: LivePlace[] = [];
  const stopWorkers = () =>
    Promise.all(places.flatMap((p) => p.workers.map(({ worker }) => worker.stop().catch(() => undefined))));

  try {
    log(
      `1/5 Tenants: one per environment, each with its own tokens, which open that tenant and nothing else (Wharf at ${operator.url}). ` +
        'Each token has the role it needs: admin puts the workflow, worker runs the workers, publisher pushes events and reads runs.',
    );
    const slugs = {} as Record<DemoEnvironment, string>;
    const tokens = {} as Record<DemoEnvironment, DemoTokens>;
    for (const plan of DEMO_TENANTS) {
      const tenant = await operator.tenants.create({ name: plan.name, purpose: plan.purpose }).catch((err: unknown) => {
        if (err instanceof WharfApiError && (err.status === 401 || err.status === 403))
          throw new Error(
            `${err.message}; the demo creates tenants and needs the operator token (.wharf/operator.token)`,
          );
        throw err;
      });
      const secrets = {} as DemoTokens;
      const ids: string[] = [];
      for (const role of DEMO_TOKEN_ROLES) {
        const created = await operator.tokens.create(tenant.slug, { name: `demo-${role}`, role });
        secrets[role] = created.token;
        ids.push(`${role} ${created.tokenId}`);
      }
      slugs[plan.environment] = tenant.slug;
      tokens[plan.environment] = secrets;
      log(
        `    ${plan.purpose.padEnd(11)} tenant ${tenant.slug}, tokens ${ids.join(', ')} (the secrets stay in this process)`,
      );
    }

    log(
      `2/5 Workers: ada and bob share the development tenant, each in a namespace of their own with a local and a cloud worker; ` +
        `staging has one worker. Every place gets the same workflow ${DEMO_WORKFLOW.name} (${DEMO_EVENT_KEY} -> ${DEMO_ACTION}).`,
    );
    for (const plan of DEMO_PLACES) {
      const as = (role: DemoTokenRole) =>
        new Wharf({ url, token: tokens[plan.environment][role], namespace: plan.namespace, tenant: null });
      const client = as('publisher');
      const place: LivePlace = { plan, tenant: slugs[plan.environment], client, workers: [], runIds: [] };
      places.push(place);
      await as('admin').workflows.put(DEMO_WORKFLOW);
      const workers = as('worker');
      for (const { name, env } of plan.workers) {
        const labels = { env };
        const worker = workers.worker({
          name,
          labels,
          maxRuns: WORKER_MAX_RUNS,
          actions: {
            [DEMO_ACTION]: (input: { email?: string } | null, ctx: StepContext) => {
              ledger.record({
                place: plan.label,
                worker: name,
                workerId: ctx.workerId,
                runId: ctx.runId,
                stepRunId: ctx.stepRunId,
                attempt: ctx.attempt,
              });
              return { greeted: input?.email ?? null, by: `${plan.label}/${name}` };
            },
          },
        });
        place.workers.push({ name, labels, worker });
        await worker.start();
      }
      log(`    ${placeName(place).padEnd(19)} ${place.workers.map((w) => `${w.name} (${w.worker.id})`).join(', ')}`);
    }

    const total = events * places.length;
    log(
      `3/5 Events: pushing ${events} ${DEMO_EVENT_KEY} events in each of ${places.map((p) => p.plan.label).join(', ')} ` +
        `at the same time, then waiting for all ${total} runs to complete.`,
    );
    const started = Date.now();
    const pushed: PushedRuns[] = await Promise.all(
      places.map(async (place) => {
        const indexes = Array.from({ length: events }, (_, i) => i + 1);
        const answers = await inBatches(indexes, CONCURRENCY, (i) =>
          place.client.events.push(DEMO_EVENT_KEY, { email: `user-${i}@${place.plan.label}.example` }),
        );
        place.runIds = answers.flatMap((a) => a.runs);
        return { place: place.plan.label, events, runIds: place.runIds };
      }),
    );
    const deadline = Date.now() + timeoutMs;
    await Promise.all(
      places.map((place) => waitForRuns(place.client, place.runIds, { place: placeName(place), deadline, timeoutMs })),
    );
    log(`    all ${total} runs completed in ${((Date.now() - started) / 1000).toFixed(1)} s.`);

    log(
      '4/5 Where the runs went: inside a namespace Wharf picks uniformly at random among the available workers, ' +
        'local or cloud alike; nothing crosses a namespace or a tenant.',
    );
    const handled = ledger.all();
    const tally = tallies(places, handled);
    log(spreadTable(tally).replace(/^/gm, '    '));
    const byLabel = new Map(places.map((p) => [p.plan.label, p]));
    const checks = [
      ...isolationChecks(pushed, handled),
      await auditCheck(places, handled),
      ...(await accessChecks(byLabel, url, tokens)),
    ];
    log('    Checks:');
    log(checkLines(checks).replace(/^/gm, '  '));
    const example = byLabel.get('ada') as LivePlace;
    const exampleRun = await example.client.runs.get(example.runIds[0]);
    log(
      '    One run as the audit trail records it (runs.get; `wharf runs show <id>` prints it whole): ' +
        'every assignment keeps its candidates, the random draw and the outcome.',
    );
    log(auditTrailText(exampleRun).replace(/^/gm, '  '));

    await stopWorkers();
    const workerCount = places.reduce((n, p) => n + p.workers.length, 0);
    log(
      `5/5 Stopped and deregistered the ${workerCount} demo workers; the tenants stay, with their whole history in the stream.`,
    );

    const failed = checks.filter((c) => !c.ok).length;
    log(
      failed === 0
        ? `All ${checks.length} checks passed.`
        : `${failed} of ${checks.length} checks FAILED (marked ✗ above).`,
    );
    return {
      tenants: slugs,
      places: places.map((p) => ({
        label: p.plan.label,
        environment: p.plan.environment,
        tenant: p.tenant,
        namespace: p.plan.namespace,
        events,
        runIds: p.runIds,
        workers: p.workers.map(({ name, labels, worker }) => ({
          name,
          labels,
          workerId: worker.id as string,
          runs:
            tally.find((t) => t.namespace === p.plan.namespace && t.tenant === p.tenant && t.worker === name)?.runs ??
            0,
        })),
      })),
      checks,
      passed: failed === 0,
      exampleRun,
    };
  } finally {
    await stopWorkers();
  }
}
