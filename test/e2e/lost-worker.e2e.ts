import { EventStore } from '@wharf/event-store';
import { WharfWorker } from '@wharf/sdk';
import { adminRequest } from '../../apps/cli/src/commands/support/admin-request';
import { eventually } from '../support/eventually';
import { firstAssignment } from '../support/first-assignment';
import { createTenant } from '../support/tenant-fixture';
import { startWharfCluster, WharfCluster } from '../support/wharf-cluster';

jest.setTimeout(120_000);

describe('a worker that stops heartbeating loses its steps', () => {
  let cluster: WharfCluster;
  let store: EventStore;
  const workers: WharfWorker[] = [];

  beforeAll(async () => {
    cluster = await startWharfCluster({
      env: { WHARF_HEARTBEAT_INTERVAL_MS: '200', WHARF_HEARTBEAT_TIMEOUT_MS: '1500', WHARF_HEARTBEAT_SWEEP_MS: '200' },
    });
    store = await EventStore.connect({ name: 'e2e-lost-worker', env: { WHARF_NATS_URL: cluster.natsUrl } });
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop().catch(() => undefined)));
    await store?.close();
    await cluster?.stop();
  });

  it('reassigns the step to another worker as attempt 2, and refuses the late report of attempt 1', async () => {
    const tenant = await createTenant(cluster, 'Lost Worker');
    const client = tenant.client();
    await client.workflows.put({ name: 'fragile', eventKeys: ['job:new'], steps: [{ name: 'do', action: 'job:do' }] });

    // A worker that registers, takes its assignment, and then goes silent (as after kill -9).
    const silent = await client.workers.register({ name: 'silent', actions: ['job:do'] });
    const assignment = firstAssignment(`${cluster.url}/api/v1/workers/${silent.workerId}/assignments`, tenant.token);
    const pushed = await client.events.push('job:new', { n: 1 });
    const taken = await assignment;
    expect(taken).toMatchObject({ runId: pushed.runs[0], attempt: 1 });

    const healthy = client.worker({ name: 'healthy', actions: { 'job:do': () => 'done by healthy' } });
    await healthy.start();
    workers.push(healthy);

    const run = await eventually(
      async () => {
        const r = await client.runs.get(pushed.runs[0]);
        return r.status === 'completed' ? r : undefined;
      },
      { timeoutMs: 30_000, what: 'run completed after reassignment' },
    );
    expect(run.steps[0].assignments.map((a) => [a.attempt, a.workerName, a.outcome])).toEqual([
      [1, 'silent', 'assigned'],
      [2, 'healthy', 'completed'],
    ]);
    expect(run.output).toBe('done by healthy');

    const before = await store.lastSeq();
    await expect(client.stepRuns.completed(taken.stepRunId, 1, 'late')).rejects.toMatchObject({ status: 409 });
    // Refused and recorded (step.report-refused, one event), never applied.
    expect(await store.lastSeq()).toBe(before + 1);
    expect((await client.runs.get(pushed.runs[0])).output).toBe('done by healthy');
  });

  it('rebuilds the dispatch read model from the stream with the same answers', async () => {
    const tenant = await createTenant(cluster, 'Rebuild');
    const client = tenant.client();
    await client.workflows.put({
      name: 'twice',
      eventKeys: ['r:go'],
      steps: [
        { name: 'a', action: 'r:a' },
        { name: 'b', action: 'r:a' },
      ],
    });
    const worker = client.worker({ name: 'rebuilder', maxRuns: 4, actions: { 'r:a': (input) => input } });
    await worker.start();
    workers.push(worker);
    const pushed = await Promise.all([1, 2, 3].map((n) => client.events.push('r:go', { n })));
    const runIds = pushed.map((p) => p.runs[0]);
    const before = await eventually(
      async () => {
        const runs = await Promise.all(runIds.map((id) => client.runs.get(id)));
        return runs.every((r) => r.status === 'completed') ? runs : undefined;
      },
      { what: 'runs completed' },
    );

    process.env.WHARF_NATS_URL = cluster.natsUrl;
    const result = (await adminRequest('dispatch', 'rebuild', 60_000)) as { events: number };
    expect(result.events).toBeGreaterThan(0);
    const after = await Promise.all(runIds.map((id) => client.runs.get(id)));
    expect(after).toEqual(before);
  });
});
