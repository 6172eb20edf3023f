import { connect, NatsConnection } from 'nats';
import { AnyStoredEvent } from '@wharf/events';
import { EventStore } from '@wharf/event-store';
import { Wharf, WharfWorker } from '@wharf/sdk';
import { eventually } from '../support/eventually';
import { createTenant } from '../support/tenant-fixture';
import { startWharfCluster, WharfCluster } from '../support/wharf-cluster';

jest.setTimeout(300_000);

async function allEvents(store: EventStore): Promise<AnyStoredEvent[]> {
  const events: AnyStoredEvent[] = [];
  await store.readRange('wharf.>', 1, await store.lastSeq(), (e) => {
    events.push(e);
  });
  return events;
}

async function runCompleted(client: Wharf, runId: string) {
  return eventually(
    async () => {
      const run = await client.runs.get(runId);
      return run.status === 'completed' ? run : undefined;
    },
    { what: `run ${runId} completed` },
  );
}

describe('the dispatch path, end to end, with every service a separate process', () => {
  let cluster: WharfCluster;
  let store: EventStore;
  let nc: NatsConnection;
  const workers: WharfWorker[] = [];

  beforeAll(async () => {
    cluster = await startWharfCluster();
    store = await EventStore.connect({ name: 'e2e-observer', env: { WHARF_NATS_URL: cluster.natsUrl } });
    nc = await connect({ servers: cluster.natsUrl });
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop().catch(() => undefined)));
    await nc?.drain();
    await store?.close();
    await cluster?.stop();
  });

  async function startWorker(client: Wharf, name: string, actions: string[], maxRuns = 1, received?: string[]) {
    const handlers = Object.fromEntries(
      actions.map((action) => [
        action,
        (input: unknown, ctx: { runId: string }) => {
          received?.push(ctx.runId);
          return { handledBy: name, input };
        },
      ]),
    );
    const worker = client.worker({ name, actions: handlers, maxRuns });
    await worker.start();
    workers.push(worker);
    return worker;
  }

  it('pushes an event, runs each step on a worker, and records every fact as a stream event', async () => {
    const acme = await createTenant(cluster, 'Acme Path');
    const client = acme.client('default');
    await client.workflows.put({
      name: 'welcome',
      eventKeys: ['user:created'],
      steps: [
        { name: 'send-email', action: 'email:send' },
        { name: 'audit', action: 'audit:write' },
      ],
    });
    const worker = await startWorker(client, 'laptop', ['email:send', 'audit:write']);

    const pushed = await client.events.push('user:created', { email: 'ada@example.com' });
    expect(pushed.runs).toHaveLength(1);
    const run = await runCompleted(client, pushed.runs[0]);

    expect(run.workflow).toBe('welcome');
    expect(run.steps.map((s) => [s.step, s.status])).toEqual([
      ['send-email', 'completed'],
      ['audit', 'completed'],
    ]);
    for (const step of run.steps) {
      expect(step.assignments).toHaveLength(1);
      expect(step.assignments[0]).toMatchObject({
        attempt: 1,
        workerId: worker.id,
        workerName: 'laptop',
        outcome: 'completed',
      });
    }
    // The second step got the first step's output as its input.
    expect(run.output).toEqual({
      handledBy: 'laptop',
      input: { handledBy: 'laptop', input: { email: 'ada@example.com' } },
    });

    const runEvents = (await allEvents(store)).filter(
      (e) => e.subject === `wharf.${acme.slug}.default.run.${run.runId}`,
    );
    expect(runEvents.map((e) => e.type)).toEqual([
      'run.started',
      'step.assigned',
      'step.started',
      'step.completed',
      'step.assigned',
      'step.started',
      'step.completed',
      'run.completed',
    ]);
    const assigned = runEvents.find((e) => e.type === 'step.assigned');
    expect(assigned?.payload).toMatchObject({ strategy: 'random', candidates: [worker.id] });
  });

  it('a step with no available worker waits, then runs as soon as a worker registers', async () => {
    const tenant = await createTenant(cluster, 'Waiting');
    const client = tenant.client('default');
    await client.workflows.put({
      name: 'resize',
      eventKeys: ['image:uploaded'],
      steps: [{ name: 'resize', action: 'image:resize' }],
    });
    const pushed = await client.events.push('image:uploaded', { id: 7 });
    await eventually(
      async () => {
        const run = await client.runs.get(pushed.runs[0]);
        return run.steps[0].status === 'queued' ? run : undefined;
      },
      { what: 'step queued' },
    );
    await startWorker(client, 'late-worker', ['image:resize']);
    const run = await runCompleted(client, pushed.runs[0]);
    expect(run.steps[0].assignments[0].workerName).toBe('late-worker');
  });

  it('keeps namespaces apart: a worker in "ab" never receives work pushed in "cd"', async () => {
    const tenant = await createTenant(cluster, 'Shared Dev');
    const receivedAb: string[] = [];
    const receivedCd: string[] = [];
    const ab = tenant.client('ab');
    const cd = tenant.client('cd');
    for (const client of [ab, cd]) {
      await client.workflows.put({
        name: 'job',
        eventKeys: ['job:queued'],
        steps: [{ name: 'run', action: 'job:run' }],
      });
    }
    await startWorker(ab, 'ab-laptop', ['job:run'], 4, receivedAb);
    await startWorker(cd, 'cd-laptop', ['job:run'], 4, receivedCd);
    const abRuns: string[] = [];
    const cdRuns: string[] = [];
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        abRuns.push(...(await ab.events.push('job:queued', { i })).runs);
        cdRuns.push(...(await cd.events.push('job:queued', { i })).runs);
      }),
    );
    await Promise.all(abRuns.map((id) => runCompleted(ab, id)));
    await Promise.all(cdRuns.map((id) => runCompleted(cd, id)));
    expect(new Set(receivedAb)).toEqual(new Set(abRuns));
    expect(new Set(receivedCd)).toEqual(new Set(cdRuns));
    await expect(cd.runs.get(abRuns[0])).rejects.toMatchObject({ status: 404 });
  });

  it('keeps tenants apart: a token of A can neither see nor touch anything of B', async () => {
    const a = await createTenant(cluster, 'Tenant A');
    const b = await createTenant(cluster, 'Tenant B');
    const clientA = a.client();
    const clientB = b.client();
    await clientB.workflows.put({ name: 'secret', eventKeys: ['b:only'], steps: [{ name: 's', action: 'b:act' }] });
    const workerB = await startWorker(clientB, 'b-worker', ['b:act']);
    const pushed = await clientB.events.push('b:only', { secret: true });
    const run = await runCompleted(clientB, pushed.runs[0]);
    const stepRunId = run.steps[0].stepRunId;

    const before = await store.lastSeq();
    await expect(clientA.runs.get(run.runId)).rejects.toMatchObject({ status: 404 });
    await expect(clientA.events.get(pushed.eventId)).rejects.toMatchObject({ status: 404 });
    await expect(clientA.workers.get(workerB.id as string)).rejects.toMatchObject({ status: 404 });
    await expect(clientA.workflows.get('secret')).rejects.toMatchObject({ status: 404 });
    await expect(clientA.stepRuns.completed(stepRunId, 1, { forged: true })).rejects.toMatchObject({ status: 404 });
    await expect(clientA.tenants.get(b.slug)).rejects.toMatchObject({ status: 404 });
    await expect(clientA.tokens.create(b.slug, { name: 'intruder', role: 'admin' })).rejects.toMatchObject({
      status: 404,
    });
    const sse = await fetch(`${cluster.url}/api/v1/workers/${workerB.id}/assignments`, {
      headers: { authorization: `Bearer ${a.token}` },
    });
    expect(sse.status).toBe(404);
    expect((await clientA.tenants.list()).map((t) => t.slug)).toEqual([a.slug]);
    expect(await clientA.runs.list()).toEqual([]);
    expect(await store.lastSeq()).toBe(before);
  });

  it('spreads assignments over 4 equal workers uniformly (chi-square, p = 0.001)', async () => {
    const tenant = await createTenant(cluster, 'Spread');
    const client = tenant.client('default');
    await client.workflows.put({
      name: 'spread',
      eventKeys: ['spread:go'],
      steps: [{ name: 'work', action: 'spread:work' }],
    });
    const ids: string[] = [];
    let handled = 0;
    const counter = () => {
      handled++;
    };
    for (const name of ['local-1', 'local-2', 'cloud-1', 'cloud-2']) {
      const worker = client.worker({ name, maxRuns: 50, actions: { 'spread:work': counter } });
      await worker.start();
      workers.push(worker);
      ids.push(worker.id as string);
    }
    const total = 10_000;
    for (let i = 0; i < total; i += 100) {
      await Promise.all(Array.from({ length: 100 }, (_, j) => client.events.push('spread:go', { n: i + j })));
    }
    await eventually(() => (handled >= total ? true : undefined), { timeoutMs: 180_000, what: 'all steps handled' });
    // Count from the recorded assignments: the audit trail is what must be uniform.
    const counts = new Map<string, number>(ids.map((id) => [id, 0]));
    for (const e of await allEvents(store)) {
      if (e.type === 'step.assigned' && e.tenant === tenant.slug) {
        counts.set(e.payload.workerId, (counts.get(e.payload.workerId) ?? 0) + 1);
      }
    }
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(total);
    const expected = total / 4;
    const chiSquare = [...counts.values()].reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(16.27);
  });
});
