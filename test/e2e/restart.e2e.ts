import { Wharf, WharfWorker } from '@wharf/sdk';
import { eventually } from '../support/eventually';
import { createTenant } from '../support/tenant-fixture';
import { startWharfCluster, WharfCluster } from '../support/wharf-cluster';

jest.setTimeout(120_000);

describe('a service killed and restarted catches up with no event lost', () => {
  let cluster: WharfCluster;
  const workers: WharfWorker[] = [];

  beforeAll(async () => {
    cluster = await startWharfCluster();
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop().catch(() => undefined)));
    await cluster?.stop();
  });

  async function completed(client: Wharf, runId: string) {
    return eventually(
      async () => {
        const run = await client.runs.get(runId);
        return run.status === 'completed' ? run : undefined;
      },
      { timeoutMs: 30_000, what: `run ${runId} completed` },
    );
  }

  it('dispatch: what happened while it was down is dispatched after it comes back', async () => {
    const tenant = await createTenant(cluster, 'Restart Dispatch');
    const client = tenant.client();
    await cluster.kill('dispatch');
    // Registry and tenant keep working: a workflow is put and a token issued while dispatch is down.
    await client.workflows.put({
      name: 'after-crash',
      eventKeys: ['crash:over'],
      steps: [{ name: 'one', action: 'crash:one' }],
    });
    const operator = new Wharf({ url: cluster.url, token: cluster.operatorToken });
    const late = await operator.tokens.create(tenant.slug, { name: 'issued-while-down', role: 'admin' });
    await cluster.restart('dispatch');

    const lateClient = new Wharf({ url: cluster.url, token: late.token });
    const worker = lateClient.worker({ name: 'survivor', actions: { 'crash:one': (input) => input } });
    await worker.start();
    workers.push(worker);
    const pushed = await lateClient.events.push('crash:over', { n: 1 });
    expect(pushed.runs).toHaveLength(1);
    await completed(client, pushed.runs[0]);
  });

  it('dispatch: assignments held when it died are delivered again after the restart, and complete once', async () => {
    const tenant = await createTenant(cluster, 'Restart Inflight');
    const client = tenant.client();
    await client.workflows.put({
      name: 'slow',
      eventKeys: ['slow:go'],
      steps: [{ name: 'wait', action: 'slow:wait' }],
    });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const runsSeen: string[] = [];
    const worker = client.worker({
      name: 'patient',
      maxRuns: 5,
      actions: {
        'slow:wait': async (_input, ctx) => {
          runsSeen.push(ctx.runId);
          await gate;
          return 'done';
        },
      },
    });
    await worker.start();
    workers.push(worker);
    const pushed = await Promise.all([1, 2, 3].map((n) => client.events.push('slow:go', { n })));
    await eventually(() => (runsSeen.length === 3 ? true : undefined), { what: 'three steps running' });
    await cluster.kill('dispatch');
    await cluster.restart('dispatch');
    release();
    for (const p of pushed) {
      const run = await completed(client, p.runs[0]);
      expect(run.steps[0].assignments).toHaveLength(1);
    }
    expect(runsSeen.sort()).toEqual(pushed.map((p) => p.runs[0]).sort());
  });

  it('registry and tenant: a token created while the registry was down works there after its restart', async () => {
    const tenant = await createTenant(cluster, 'Restart Registry');
    await cluster.kill('registry');
    const operator = new Wharf({ url: cluster.url, token: cluster.operatorToken });
    const created = await operator.tokens.create(tenant.slug, { name: 'while-registry-down', role: 'admin' });
    await cluster.restart('registry');
    const client = new Wharf({ url: cluster.url, token: created.token });
    const workflow = await client.workflows.put({
      name: 'after',
      eventKeys: ['a:b'],
      steps: [{ name: 's', action: 'a:c' }],
    });
    expect(workflow.version).toBe(1);

    await cluster.kill('tenant');
    await cluster.restart('tenant');
    expect((await client.tenants.list()).map((t) => t.slug)).toEqual([tenant.slug]);
  });
});
