import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { findRepoRoot, pathHook } from '@wharf/launcher';
import { NamespaceInfo, Wharf } from '@wharf/sdk';
import { createTenant } from '../support/tenant-fixture';
import { startWharfCluster, WharfCluster } from '../support/wharf-cluster';

jest.setTimeout(120_000);

/** `wharf <args>` from dist, with nothing of the environment but PATH and `env`; its stdout. */
async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const root = findRepoRoot();
  const child = spawn(
    process.execPath,
    ['-r', pathHook(root), join(root, 'dist', 'apps', 'cli', 'src', 'main.js'), ...args],
    {
      env: { PATH: process.env.PATH, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`wharf ${args.join(' ')} exited with ${code}: ${stderr}`);
  return stdout;
}

describe('namespaces: no registration, listed per tenant through the edge, the SDK and the CLI', () => {
  let cluster: WharfCluster;

  beforeAll(async () => {
    // A registered worker stays available for the whole test without heartbeating.
    cluster = await startWharfCluster({ env: { WHARF_HEARTBEAT_TIMEOUT_MS: String(3_600_000) } });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('counts workers, workflows and events of each namespace used, in its own tenant only', async () => {
    const acme = await createTenant(cluster, 'Acme Namespaces');
    const globex = await createTenant(cluster, 'Globex Namespaces');
    const ada = acme.client('ada');
    const bob = acme.client('bob');

    await ada.workflows.put({
      name: 'welcome',
      eventKeys: ['user:created'],
      steps: [{ name: 's', action: 'email:send' }],
    });
    await ada.workers.register({ name: 'laptop', actions: ['email:send'] });
    const leaving = await ada.workers.register({ name: 'cloud', actions: ['email:send'] });
    await ada.workers.deregister(leaving.workerId);
    await bob.events.push('nothing:listens', { n: 1 });
    await bob.events.push('nothing:listens', { n: 2 });
    await globex.client('ada').events.push('nothing:listens', {});

    // Pushed through the dispatch service, listed by the registry: no wait, the list catches up.
    const listed = await ada.namespaces.list();
    const counts = (list: NamespaceInfo[]) =>
      list.map(({ namespace, workers, availableWorkers, workflows, events }) => ({
        namespace,
        workers,
        availableWorkers,
        workflows,
        events,
      }));
    expect(counts(listed)).toEqual([
      { namespace: 'ada', workers: 1, availableWorkers: 1, workflows: 1, events: 0 },
      { namespace: 'bob', workers: 0, availableWorkers: 0, workflows: 0, events: 2 },
    ]);
    for (const n of listed) expect(n.firstSeenAt <= n.lastSeenAt).toBe(true);
    expect(counts(await globex.client().namespaces.list())).toEqual([
      { namespace: 'ada', workers: 0, availableWorkers: 0, workflows: 0, events: 1 },
    ]);

    const operator = new Wharf({ url: cluster.url, token: cluster.operatorToken, tenant: null });
    const { token: boundToBob } = await operator.tokens.create(acme.slug, {
      name: 'bob-viewer',
      role: 'viewer',
      namespace: 'bob',
    });
    const bobOnly = new Wharf({ url: cluster.url, token: boundToBob, namespace: 'bob', tenant: null });
    expect(await bobOnly.namespaces.list()).toEqual(listed.filter((n) => n.namespace === 'bob'));

    const env = { WHARF_URL: cluster.url, WHARF_TOKEN: acme.token };
    expect(JSON.parse(await cli(['--json', 'namespaces', 'list'], env))).toEqual(listed);
    const table = (await cli(['namespaces', 'list'], env)).trimEnd().split('\n');
    expect(table[0]).toMatch(/^NAMESPACE\s+WORKERS\s+AVAILABLE\s+WORKFLOWS\s+EVENTS\s+FIRST SEEN\s+LAST SEEN$/);
    expect(table.slice(1).map((line) => line.split(/\s+/).slice(0, 5))).toEqual([
      ['ada', '1', '1', '1', '0'],
      ['bob', '0', '0', '0', '2'],
    ]);
  });
});
