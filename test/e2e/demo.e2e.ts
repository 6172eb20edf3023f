import { runDemo } from '../../apps/cli/src/commands/demo/run-demo';
import { startWharfCluster, WharfCluster } from '../support/wharf-cluster';

jest.setTimeout(120_000);

describe('wharf demo, against a whole Wharf', () => {
  let cluster: WharfCluster;

  beforeAll(async () => {
    cluster = await startWharfCluster();
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('tells the environment story: every event runs only where it was pushed, and the counts add up', async () => {
    const events = 6;
    const lines: string[] = [];
    const result = await runDemo({
      url: cluster.url,
      operatorToken: cluster.operatorToken,
      events,
      log: (l) => lines.push(l),
    });

    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    expect(result.passed).toBe(true);
    expect(result.tenants.development).toMatch(/^demo-development-[a-z0-9]{4}$/);
    expect(result.tenants.staging).toMatch(/^demo-staging-[a-z0-9]{4}$/);

    expect(result.places.map((p) => [p.tenant, p.namespace, p.workers.map((w) => [w.name, w.labels.env])])).toEqual([
      [
        result.tenants.development,
        'ada',
        [
          ['local', 'local'],
          ['cloud', 'cloud'],
        ],
      ],
      [
        result.tenants.development,
        'bob',
        [
          ['local', 'local'],
          ['cloud', 'cloud'],
        ],
      ],
      [result.tenants.staging, 'default', [['cloud', 'cloud']]],
    ]);
    for (const place of result.places) {
      expect(place.runIds).toHaveLength(events);
      // How the runs split between local and cloud is random; that they all ran in their place is not.
      expect(place.workers.reduce((sum, w) => sum + w.runs, 0)).toBe(events);
    }

    const ada = result.places[0];
    expect(result.exampleRun).toMatchObject({ runId: ada.runIds[0], namespace: 'ada', status: 'completed' });
    const [assignment] = result.exampleRun.steps[0].assignments;
    expect(assignment).toMatchObject({ strategy: 'random', candidates: 2, outcome: 'completed' });
    expect(ada.workers.map((w) => w.workerId)).toContain(assignment.workerId);

    expect(lines.filter((l) => /^[1-5]\/5 /.test(l))).toHaveLength(5);
    expect(lines.join('\n')).toContain(`All ${result.checks.length} checks passed.`);
    // Tokens were issued and used, but no line shows one.
    expect(lines.join('\n')).not.toMatch(/wharf_[A-Za-z0-9]/);
  });
});
