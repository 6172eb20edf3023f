import { AnyStoredEvent } from '@wharf/events';
import { EventStore } from '@wharf/event-store';
import { Assignment, RunSummary, Wharf, WharfWorker } from '@wharf/sdk';
import { AdminHttp, IssuedTokenAnswer } from '../support/admin-http';
import { eventually } from '../support/eventually';
import { httpCall } from '../support/http-call';
import { startWharfCluster, WharfCluster } from '../support/wharf-cluster';

jest.setTimeout(300_000);

const EVENTS_PER_SCOPE = 300;
const PUSHERS_PER_SCOPE = 25;
const WORKERS_PER_SCOPE = 2;
const STEPS = ['first', 'second'] as const;

/** One place work can be pushed: a tenant and a namespace, with the tokens that act there. */
interface Scope {
  /** Tags every payload pushed here: what a worker of another scope must never see. */
  tag: string;
  tenant: string;
  namespace: string;
  workerToken: IssuedTokenAnswer;
  publisherToken: IssuedTokenAnswer;
  workers: ScopedWorker[];
  runIds: string[];
}

interface Received {
  runId: string;
  stepRunId: string;
  step: string;
  attempt: number;
  /** The scope tag the assignment's input carried. */
  tag: unknown;
}

interface ScopedWorker {
  name: string;
  scope: Scope;
  worker: WharfWorker;
  /** Every assignment the worker's stream delivered (duplicates of a resend excluded by the SDK). */
  received: Received[];
  /** Every step the worker's handlers ran. */
  executed: Received[];
}

interface StepInput {
  tag?: unknown;
}

describe('isolation under concurrent load: no worker ever gets work of another tenant or namespace', () => {
  let cluster: WharfCluster;
  let store: EventStore;
  const scopes: Scope[] = [];

  beforeAll(async () => {
    cluster = await startWharfCluster();
    store = await EventStore.connect({ name: 'e2e-isolation', env: { WHARF_NATS_URL: cluster.natsUrl } });
  });

  afterAll(async () => {
    await Promise.all(scopes.flatMap((s) => s.workers.map((w) => w.worker.stop().catch(() => undefined))));
    await store?.close();
    await cluster?.stop();
  });

  async function startWorker(scope: Scope, name: string): Promise<ScopedWorker> {
    const client = new Wharf({ url: cluster.url, token: scope.workerToken.token, namespace: scope.namespace });
    const entry = { name, scope, received: [] as Received[], executed: [] as Received[] } as ScopedWorker;
    const record = (list: Received[], input: unknown, a: Omit<Received, 'tag'>) =>
      list.push({
        runId: a.runId,
        stepRunId: a.stepRunId,
        step: a.step,
        attempt: a.attempt,
        tag: (input as StepInput)?.tag,
      });
    const handler = (input: unknown, ctx: { runId: string; stepRunId: string; step: string; attempt: number }) => {
      record(entry.executed, input, ctx);
      // The next step's input is this output: it carries the tag it was given, nothing else.
      return { tag: (input as StepInput)?.tag, step: ctx.step };
    };
    // Same worker names and action names in every scope: only the scope can tell them apart.
    entry.worker = client.worker({ name, maxRuns: 8, actions: { 'job:first': handler, 'job:second': handler } });
    entry.worker.on('assignment', (a: Assignment) => record(entry.received, a.input, a));
    await entry.worker.start();
    return entry;
  }

  async function allEvents(): Promise<AnyStoredEvent[]> {
    const events: AnyStoredEvent[] = [];
    await store.readRange('wharf.>', 1, await store.lastSeq(), (e) => {
      events.push(e);
    });
    return events;
  }

  it('sets up tenant A (namespaces ab and cd) and tenant B (namespace ab) with the same workflow and workers', async () => {
    const admin = new AdminHttp(cluster.url, cluster.operatorToken);
    const a = await admin.createTenant('Isolation A');
    const b = await admin.createTenant('Isolation B');
    const adminOf = {
      [a.slug]: await admin.issueToken(a.slug, { name: 'admin', role: 'admin' }),
      [b.slug]: await admin.issueToken(b.slug, { name: 'admin', role: 'admin' }),
    };
    // Namespace-bound and unbound tokens both: isolation must not depend on the binding alone.
    const layout = [
      { tag: 'A/ab', tenant: a.slug, namespace: 'ab', bindWorker: true, bindPublisher: true },
      { tag: 'A/cd', tenant: a.slug, namespace: 'cd', bindWorker: true, bindPublisher: false },
      { tag: 'B/ab', tenant: b.slug, namespace: 'ab', bindWorker: false, bindPublisher: true },
    ];
    for (const l of layout) {
      const bound = (yes: boolean) => (yes ? { namespace: l.namespace } : {});
      const name = l.tag.replace('/', '-').toLowerCase();
      scopes.push({
        tag: l.tag,
        tenant: l.tenant,
        namespace: l.namespace,
        workerToken: await admin.issueToken(l.tenant, {
          name: `worker-${name}`,
          role: 'worker',
          ...bound(l.bindWorker),
        }),
        publisherToken: await admin.issueToken(l.tenant, {
          name: `publisher-${name}`,
          role: 'publisher',
          ...bound(l.bindPublisher),
        }),
        workers: [],
        runIds: [],
      });
      const adminClient = new Wharf({ url: cluster.url, token: adminOf[l.tenant].token, namespace: l.namespace });
      await adminClient.workflows.put({
        name: 'job',
        eventKeys: ['job:queued'],
        steps: STEPS.map((step) => ({ name: step, action: `job:${step}` })),
      });
    }
    for (const scope of scopes) {
      for (let i = 1; i <= WORKERS_PER_SCOPE; i++) scope.workers.push(await startWorker(scope, `worker-${i}`));
    }
    const ids = scopes.flatMap((s) => s.workers.map((w) => w.worker.id));
    expect(new Set(ids).size).toBe(scopes.length * WORKERS_PER_SCOPE);
  });

  it(`pushes ${EVENTS_PER_SCOPE} events into each scope at once and every run completes`, async () => {
    const pushInto = async (scope: Scope) => {
      const client = new Wharf({ url: cluster.url, token: scope.publisherToken.token, namespace: scope.namespace });
      let next = 0;
      const pusher = async () => {
        while (next < EVENTS_PER_SCOPE) {
          const i = next++;
          const { runs } = await client.events.push('job:queued', {
            tag: scope.tag,
            tenant: scope.tenant,
            namespace: scope.namespace,
            i,
          });
          expect(runs).toHaveLength(1);
          scope.runIds.push(...runs);
        }
      };
      await Promise.all(Array.from({ length: PUSHERS_PER_SCOPE }, pusher));
    };
    await Promise.all(scopes.map(pushInto));

    const total = scopes.length * EVENTS_PER_SCOPE * STEPS.length;
    const executed = () => scopes.reduce((sum, s) => sum + s.workers.reduce((n, w) => n + w.executed.length, 0), 0);
    await eventually(() => (executed() >= total ? true : undefined), {
      timeoutMs: 180_000,
      intervalMs: 250,
      what: `all ${total} steps executed`,
    });
    for (const scope of scopes) {
      const viewer = new Wharf({ url: cluster.url, token: scope.publisherToken.token, namespace: scope.namespace });
      await eventually(
        async () => {
          const completed = await viewer.runs.list({ status: 'completed', limit: 500 });
          return completed.length >= EVENTS_PER_SCOPE ? completed : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 250, what: `the ${EVENTS_PER_SCOPE} runs of ${scope.tag} completed` },
      );
    }
  });

  it('gave every worker only assignments of its own scope, with its own scope’s payload', () => {
    const table: string[] = [];
    const strays: string[] = [];
    for (const scope of scopes) {
      const own = new Set(scope.runIds);
      for (const w of scope.workers) {
        table.push(`${scope.tag} ${w.name}: ${w.received.length} assignments received, ${w.executed.length} steps run`);
        for (const r of [...w.received, ...w.executed]) {
          if (r.tag !== scope.tag || !own.has(r.runId)) {
            strays.push(`${scope.tag} ${w.name} got step ${r.step} of run ${r.runId} tagged ${JSON.stringify(r.tag)}`);
          }
        }
      }
    }
    console.log(`isolation under load, per worker:\n  ${table.join('\n  ')}`);
    expect(strays).toEqual([]);
  });

  it('ran each event as exactly one run and each step of it exactly once, in its own scope', () => {
    for (const scope of scopes) {
      expect({ scope: scope.tag, runs: scope.runIds.length, distinct: new Set(scope.runIds).size }).toEqual({
        scope: scope.tag,
        runs: EVENTS_PER_SCOPE,
        distinct: EVENTS_PER_SCOPE,
      });
      const expected = scope.runIds.flatMap((runId) => STEPS.map((step) => `${runId}/${step}`)).sort();
      const executed = scope.workers.flatMap((w) => w.executed.map((r) => `${r.runId}/${r.step}`)).sort();
      const received = scope.workers.flatMap((w) => w.received.map((r) => `${r.runId}/${r.step}`)).sort();
      expect({ scope: scope.tag, executed }).toEqual({ scope: scope.tag, executed: expected });
      expect({ scope: scope.tag, received }).toEqual({ scope: scope.tag, received: expected });
    }
    const allRuns = scopes.flatMap((s) => s.runIds);
    expect(new Set(allRuns).size).toBe(scopes.length * EVENTS_PER_SCOPE);
  });

  it("lists, to each scope's token, exactly its own runs, all completed", async () => {
    for (const scope of scopes) {
      const answer = await httpCall<RunSummary[]>(cluster.url, '/api/v1/runs?limit=500', {
        token: scope.publisherToken.token,
        namespace: scope.namespace,
      });
      expect(answer.status).toBe(200);
      const listed = answer.body;
      expect({ scope: scope.tag, runs: listed.map((r) => r.runId).sort() }).toEqual({
        scope: scope.tag,
        runs: [...scope.runIds].sort(),
      });
      expect(listed.filter((r) => r.status !== 'completed' || r.namespace !== scope.namespace)).toEqual([]);
    }
  });

  it('recorded in the stream every assignment to a worker of the same tenant and namespace as the run', async () => {
    const workerScope = new Map<string, Scope>();
    for (const scope of scopes) for (const w of scope.workers) workerScope.set(w.worker.id as string, scope);
    const tenants = new Set(scopes.map((s) => s.tenant));
    const assigned = (await allEvents()).filter((e) => e.type === 'step.assigned' && tenants.has(e.tenant));
    expect(assigned).toHaveLength(scopes.length * EVENTS_PER_SCOPE * STEPS.length);
    const crossed = assigned.filter((e) => {
      const scope = workerScope.get((e.payload as { workerId: string }).workerId);
      const candidates = (e.payload as { candidates: string[] }).candidates;
      const foreign = candidates.filter((id) => workerScope.get(id) !== scope);
      return scope === undefined || scope.tenant !== e.tenant || scope.namespace !== e.namespace || foreign.length > 0;
    });
    expect(crossed.map((e) => `${e.subject} #${e.seq}`)).toEqual([]);
  });
});
