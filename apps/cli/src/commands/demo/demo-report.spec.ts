import { Run } from '@wharf/sdk';
import { auditTrailText, checkLines, spreadTable } from './demo-report';

describe('demo report', () => {
  it('shows how many of its place’s runs each worker got', () => {
    const text = spreadTable([
      {
        tenant: 'demo-development-k2p9',
        namespace: 'ada',
        worker: 'local',
        labels: { env: 'local' },
        runs: 3,
        placeRuns: 4,
      },
      {
        tenant: 'demo-development-k2p9',
        namespace: 'ada',
        worker: 'cloud',
        labels: { env: 'cloud' },
        runs: 1,
        placeRuns: 4,
      },
    ]);
    expect(text.split('\n')).toEqual([
      'TENANT                 NAMESPACE  WORKER  LABELS     RUNS',
      'demo-development-k2p9  ada        local   env=local  3 of 4',
      'demo-development-k2p9  ada        cloud   env=cloud  1 of 4',
    ]);
  });

  it('marks each check', () => {
    expect(
      checkLines([
        { ok: true, text: 'fine' },
        { ok: false, text: 'leaked' },
      ]),
    ).toBe('  ✓ fine\n  ✗ leaked');
  });

  it('tells an assignment’s draw, candidates, worker and outcome', () => {
    const run = {
      runId: 'r1',
      workflow: 'welcome',
      status: 'completed',
      eventId: 'e1',
      eventKey: 'user:created',
      namespace: 'ada',
      steps: [
        {
          step: 'send',
          assignments: [
            {
              attempt: 1,
              workerId: 'w1',
              workerName: 'cloud',
              strategy: 'random',
              candidates: 2,
              draw: 0.73126,
              outcome: 'completed',
              seq: 42,
            },
          ],
        },
      ],
    } as unknown as Run;
    expect(auditTrailText(run)).toBe(
      [
        '  run r1: workflow welcome, completed, started by event e1 (user:created) in namespace ada',
        '    step send, attempt 1: random draw 0.7313 among 2 candidates chose cloud (w1); outcome completed; stream seq 42',
      ].join('\n'),
    );
  });
});
