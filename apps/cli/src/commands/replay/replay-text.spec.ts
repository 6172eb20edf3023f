import { Replay, ReplayDryRun } from '@wharf/sdk';
import { dryRunText, replaySummary } from './replay-text';

const replay: Replay = {
  replayId: 'r-1',
  from: 'src',
  to: 'dst',
  selection: { withWorkflows: true },
  status: 'completed',
  createdTarget: true,
  selected: 1000,
  replayed: 990,
  skipped: 10,
  workflows: 2,
  throughSeq: 5000,
  untilSeq: 5000,
  startedBy: 'tok',
  startedAt: '2030-01-01T00:00:00Z',
  finishedAt: '2030-01-01T00:00:02Z',
  durationMs: 2000,
  rate: 500,
  reason: null,
};

describe('wharf replay output', () => {
  it('prints a dry run as counts per namespace and key, with the total and the workflows', () => {
    const dryRun: ReplayDryRun = {
      replayId: 'r-1',
      from: 'src',
      to: 'dst',
      selection: { withWorkflows: true },
      dryRun: true,
      plan: {
        total: 3,
        lines: [
          { sourceNamespace: 'prod', targetNamespace: 'copy', key: 'order:paid', events: 1 },
          { sourceNamespace: 'prod', targetNamespace: 'copy', key: 'user:created', events: 2 },
        ],
      },
      workflows: [{ sourceNamespace: 'prod', targetNamespace: 'copy', name: 'welcome' }],
    };
    expect(dryRunText(dryRun)).toBe(
      [
        'SOURCE NAMESPACE  TARGET NAMESPACE  KEY           EVENTS',
        'prod              copy              order:paid    1',
        'prod              copy              user:created  2',
        'workflows to copy: prod/welcome → copy',
        'dry run: 3 events would be replayed from src into dst; nothing was written',
      ].join('\n'),
    );
  });

  it('sums a completed, a failed and an interrupted replay up in one line', () => {
    expect(replaySummary(replay)).toBe(
      'replay r-1 completed: 990 replayed, 10 already there, 2 workflows copied in 2.0 s (500 events/s); src → dst',
    );
    expect(replaySummary({ ...replay, status: 'failed', throughSeq: 70, reason: 'boom' })).toMatch(
      /failed after source sequence 70: boom; run the same command again to resume/,
    );
    expect(replaySummary({ ...replay, status: 'interrupted' })).toMatch(/run the same command again to resume/);
  });
});
