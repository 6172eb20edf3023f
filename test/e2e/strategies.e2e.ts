import { AnyStoredEvent, EventEnvelope } from '@wharf/events';
import { EventStore } from '@wharf/event-store';
import { Wharf, WharfApiError, WharfWorker } from '@wharf/sdk';
import { eventually } from '../support/eventually';
import { createTenant } from '../support/tenant-fixture';
import { startWharfCluster, WharfCluster } from '../support/wharf-cluster';

jest.setTimeout(300_000);

type Handler = (input: unknown, ctx: { runId: string }) => unknown;

/** A promise with its resolve: holds a step on its worker until the test lets it finish. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

async function pushAll(client: Wharf, key: string, count: number, concurrency = 20): Promise<string[]> {
  const runs: string[] = [];
  for (let from = 0; from < count; from += concurrency) {
    const batch = Array.from({ length: Math.min(concurrency, count - from) }, (_, i) =>
      client.events.push(key, { n: from + i }),
    );
    for (const pushed of await Promise.all(batch)) runs.push(...pushed.runs);
  }
  return runs;
}

describe('assignment strategies, labels and sticky runs, end to end', () => {
  let cluster: WharfCluster;
  let store: EventStore;
  const workers: WharfWorker[] = [];

  beforeAll(async () => {
    cluster = await startWharfCluster();
    store = await EventStore.connect({ name: 'e2e-strategies', env: { WHARF_NATS_URL: cluster.natsUrl } });
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop().catch(() => undefined)));
    await store?.close();
    await cluster?.stop();
  });

  async function startWorker(
    client: Wharf,
    name: string,
    handler: Handler,
    options: { maxRuns?: number; labels?: Record<string, string>; actions?: string[] } = {},
  ): Promise<WharfWorker> {
    const actions = Object.fromEntries((options.actions ?? ['work']).map((action) => [action, handler]));
    const worker = client.worker({ name, actions, maxRuns: options.maxRuns ?? 1, labels: options.labels });
    await worker.start();
    workers.push(worker);
    return worker;
  }

  /** The `step.assigned` events of a tenant, in stream order. */
  async function assignments(tenant: string): Promise<EventEnvelope<'step.assigned'>[]> {
    const found: AnyStoredEvent[] = [];
    await store.readRange('wharf.>', 1, await store.lastSeq(), (e) => {
      if (e.tenant === tenant && e.type === 'step.assigned') found.push(e);
    });
    return found as EventEnvelope<'step.assigned'>[];
  }

  async function completed(client: Wharf, runId: string) {
    return eventually(
      async () => {
        const run = await client.runs.get(runId);
        return run.status === 'completed' ? run : undefined;
      },
      { what: `run ${runId} completed` },
    );
  }

  it('refuses a bad assignment option with a 400 naming the field and the rule, and puts nothing', async () => {
    const tenant = await createTenant(cluster, 'Bad Options');
    const client = tenant.client('default');
    const refusal = async (steps: unknown[], strategy?: string) => {
      const err = await client.workflows
        .put({ name: 'bad', eventKeys: ['k'], steps, strategy } as Parameters<typeof client.workflows.put>[0])
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WharfApiError);
      const { status, field, rule } = err as WharfApiError;
      return { status, field, rule };
    };
    expect(await refusal([{ name: 'a', action: 'work' }], 'fastest')).toEqual({
      status: 400,
      field: 'strategy',
      rule: 'strategy must be one of: random, round-robin, least-loaded',
    });
    expect(
      await refusal([
        { name: 'a', action: 'work' },
        { name: 'b', action: 'work', affinity: { weighted: [{ key: 'env', value: 'local', weight: 0 }] } },
      ]),
    ).toEqual({ status: 400, field: 'steps.1.affinity.weighted.0.weight', rule: 'weight must be at least 1' });
    expect(await refusal([{ name: 'a', action: 'work', sticky: 'hard' }])).toEqual({
      status: 400,
      field: 'steps',
      rule: 'steps.0.sticky must not be set: later steps stick to the worker of the first step',
    });
    expect(await client.workflows.list()).toEqual([]);
  });

  it('round-robin balances 10,000 assignments over 4 equal workers exactly', async () => {
    const tenant = await createTenant(cluster, 'Round Robin');
    const client = tenant.client('default');
    await client.workflows.put({
      name: 'spread',
      eventKeys: ['job:created'],
      strategy: 'round-robin',
      steps: [{ name: 'only', action: 'work' }],
    });
    const ran = new Map<string, number>();
    for (const name of ['rr-1', 'rr-2', 'rr-3', 'rr-4']) {
      // Slots for every step at once: each worker stays free, so every assignment has the same 4 candidates.
      await startWorker(
        client,
        name,
        () => {
          ran.set(name, (ran.get(name) ?? 0) + 1);
          return name;
        },
        { maxRuns: 1000 },
      );
    }

    const runs = await pushAll(client, 'job:created', 10_000, 100);
    expect(runs).toHaveLength(10_000);
    await eventually(async () => ([...ran.values()].reduce((a, b) => a + b, 0) === 10_000 ? true : undefined), {
      timeoutMs: 180_000,
      what: '10,000 steps ran',
    });

    expect(Object.fromEntries([...ran].sort())).toEqual({ 'rr-1': 2500, 'rr-2': 2500, 'rr-3': 2500, 'rr-4': 2500 });
    const recorded = await assignments(tenant.slug);
    expect(recorded).toHaveLength(10_000);
    expect(new Set(recorded.map((a) => a.payload.strategy))).toEqual(new Set(['round-robin']));
    expect(new Set(recorded.map((a) => a.payload.candidates.length))).toEqual(new Set([4]));
    // Each assignment takes the worker after the previous one, in worker-id order.
    const order = [...recorded[0].payload.candidates];
    recorded.forEach((a, i) =>
      expect(a.payload.workerId).toBe(order[(order.indexOf(recorded[0].payload.workerId) + i) % 4]),
    );
  });

  it('weighted env=local keeps work on the local worker while it has a free slot; overflow goes to the cloud', async () => {
    const tenant = await createTenant(cluster, 'Local First');
    const client = tenant.client('default');
    await client.workflows.put({
      name: 'develop',
      eventKeys: ['code:changed'],
      steps: [{ name: 'build', action: 'work', affinity: { weighted: [{ key: 'env', value: 'local', weight: 10 }] } }],
    });
    const ranOn = new Map<string, string>();
    let hold: { opened: Promise<void>; open: () => void } | null = null;
    const started = gate();
    await startWorker(
      client,
      'laptop',
      async (_input, ctx) => {
        ranOn.set(ctx.runId, 'laptop');
        if (hold) {
          started.open();
          await hold.opened;
        }
        return 'laptop';
      },
      { labels: { env: 'local' }, maxRuns: 1 },
    );
    for (const name of ['cloud-1', 'cloud-2']) {
      await startWorker(
        client,
        name,
        (_input, ctx) => {
          ranOn.set(ctx.runId, name);
          return name;
        },
        { labels: { env: 'cloud' }, maxRuns: 10 },
      );
    }

    // One at a time: the local worker is free every time, and it takes every run.
    for (let i = 0; i < 10; i++) {
      const { runs } = await client.events.push('code:changed', { i });
      await completed(client, runs[0]);
      expect(ranOn.get(runs[0])).toBe('laptop');
    }

    // The local worker busy: the next runs overflow to the cloud, until the local slot frees.
    hold = gate();
    const held = await client.events.push('code:changed', { held: true });
    await started.opened;
    const overflow = await pushAll(client, 'code:changed', 6);
    for (const runId of overflow) await completed(client, runId);
    expect(overflow.map((runId) => ranOn.get(runId)).every((name) => name === 'cloud-1' || name === 'cloud-2')).toBe(
      true,
    );
    const holder = hold;
    hold = null;
    holder.open();
    await completed(client, held.runs[0]);
    expect(ranOn.get(held.runs[0])).toBe('laptop');
    const { runs: after } = await client.events.push('code:changed', { after: true });
    await completed(client, after[0]);
    expect(ranOn.get(after[0])).toBe('laptop');

    const recorded = await assignments(tenant.slug);
    const byRun = new Map(recorded.map((a) => [a.payload.runId, a.payload]));
    expect(byRun.get(held.runs[0])?.reason).toEqual({ requiredLabels: {}, score: 10, sticky: null });
    expect(byRun.get(overflow[0])?.reason).toEqual({ requiredLabels: {}, score: 0, sticky: null });
  });

  it('a required label never sends a step to a worker without it, even when sticky; the run detail shows strategy and reason', async () => {
    const tenant = await createTenant(cluster, 'Gpu Only');
    const client = tenant.client('default');
    await client.workflows.put({
      name: 'train',
      eventKeys: ['model:submitted'],
      strategy: 'least-loaded',
      steps: [
        { name: 'prepare', action: 'work' },
        { name: 'fit', action: 'work', affinity: { required: { gpu: 'true' } }, sticky: 'soft' },
      ],
    });
    const echo: Handler = (input) => input;
    expect(await client.workflows.get('train')).toMatchObject({
      strategy: 'least-loaded',
      steps: [
        { name: 'prepare', action: 'work' },
        { name: 'fit', action: 'work', affinity: { required: { gpu: 'true' } }, sticky: 'soft' },
      ],
    });
    await startWorker(client, 'gpu-box', echo, { labels: { gpu: 'true' }, maxRuns: 1 });
    await startWorker(client, 'cpu-1', echo, { labels: { gpu: 'false' }, maxRuns: 20 });
    await startWorker(client, 'cpu-2', echo, { maxRuns: 20 });

    const runs = await pushAll(client, 'model:submitted', 20);
    const details = [];
    for (const runId of runs) details.push(await completed(client, runId));

    const recorded = await assignments(tenant.slug);
    const fits = recorded.filter((a) => a.payload.step === 'fit');
    expect(fits.length).toBeGreaterThanOrEqual(20);
    expect(new Set(fits.map((a) => a.payload.workerName))).toEqual(new Set(['gpu-box']));
    for (const run of details) {
      const [prepare, fit] = run.steps.map((s) => s.assignments.at(-1) as unknown as Shown);
      expect(prepare.strategy).toBe('least-loaded');
      expect(prepare.reason).toBeNull();
      expect(fit.workerName).toBe('gpu-box');
      expect(fit.strategy).toBe('least-loaded');
      expect(fit.candidates).toBe(1);
      // Soft sticky holds only where the first step ran on a worker that carries the required label.
      expect(fit.reason).toEqual({
        requiredLabels: { gpu: 'true' },
        score: 0,
        sticky: prepare.workerName === 'gpu-box' ? 'preferred' : null,
      });
    }
  });
});

/** An assignment as the run detail shows it. */
interface Shown {
  workerName: string;
  strategy: string;
  candidates: number;
  reason: unknown;
}
