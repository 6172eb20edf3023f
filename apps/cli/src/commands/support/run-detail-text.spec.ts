import { Run } from '@wharf/sdk';
import { abbreviate, runDetailText } from './run-detail-text';

const run: Run = {
  runId: 'r1',
  workflow: 'onboard',
  status: 'completed',
  eventId: 'e1',
  eventKey: 'user:created',
  namespace: 'default',
  startedAt: '2025-01-01T00:00:00.000Z',
  finishedAt: '2025-01-01T00:00:02.000Z',
  input: { userId: 42 },
  output: { sent: true },
  error: null,
  steps: [
    {
      stepRunId: 'sr1',
      step: 'welcome',
      action: 'email:send',
      status: 'completed',
      attempt: 2,
      output: { sent: true },
      error: null,
      assignments: [
        {
          attempt: 1,
          workerId: 'w1',
          workerName: 'mailer',
          strategy: 'random',
          candidates: 2,
          draw: 0.25,
          reason: null,
          outcome: 'reassigned',
          assignedAt: '2025-01-01T00:00:00.100Z',
          startedAt: '2025-01-01T00:00:00.200Z',
          finishedAt: null,
          seq: 7,
        },
        {
          attempt: 2,
          workerId: 'w2',
          workerName: 'mailer',
          strategy: 'random',
          candidates: 1,
          draw: 0.5,
          reason: null,
          outcome: 'completed',
          assignedAt: '2025-01-01T00:00:01.000Z',
          startedAt: '2025-01-01T00:00:01.100Z',
          finishedAt: '2025-01-01T00:00:01.900Z',
          seq: 11,
        },
      ],
    },
  ],
};

describe('runDetailText', () => {
  it('shows the run, its steps and every assignment', () => {
    const lines = runDetailText(run).split('\n');
    expect(lines).toContain('event      e1 (user:created)');
    expect(lines).toContain('input      {"userId":42}');
    expect(lines.some((l) => /^welcome\s+email:send\s+completed\s+sr1\s+2\s+\{"sent":true\}$/.test(l))).toBe(true);
    expect(lines.filter((l) => l.startsWith('welcome  1') || l.startsWith('welcome  2'))).toHaveLength(2);
    expect(lines.some((l) => /mailer \(w1\)\s+random\s+2\s+0\.2500\s+reassigned.*\s7$/.test(l))).toBe(true);
  });

  it('shows a failed step’s error', () => {
    const failed: Run = {
      ...run,
      output: null,
      error: 'step welcome failed',
      steps: [{ ...run.steps[0], status: 'failed', output: null, error: 'mailbox full' }],
    };
    const text = runDetailText(failed);
    expect(text).toContain('result     error: step welcome failed');
    expect(text).toContain('error: mailbox full');
  });
});

describe('abbreviate', () => {
  it('cuts long text with an ellipsis to the given width', () => {
    expect(abbreviate('abcdef', 4)).toBe('abc…');
    expect(abbreviate('abc', 4)).toBe('abc');
  });
});
