import { AssignmentLedger } from './assignment-ledger';

const a1 = { stepRunId: 's1', attempt: 1 };

describe('AssignmentLedger', () => {
  it('runs the first arrival of an assignment', () => {
    expect(new AssignmentLedger().admit(a1)).toBe('run');
  });

  it('ignores a resend while the assignment is running', () => {
    const ledger = new AssignmentLedger();
    ledger.admit(a1);
    expect(ledger.admit(a1)).toBe('already-running');
    expect(ledger.runningCount).toBe(1);
  });

  it('ignores a resend after the assignment finished', () => {
    const ledger = new AssignmentLedger();
    ledger.admit(a1);
    ledger.finish(a1);
    expect(ledger.admit(a1)).toBe('already-finished');
    expect(ledger.runningCount).toBe(0);
  });

  it('runs a new attempt of the same step run (a reassignment back to this worker)', () => {
    const ledger = new AssignmentLedger();
    ledger.admit(a1);
    ledger.finish(a1);
    expect(ledger.admit({ stepRunId: 's1', attempt: 2 })).toBe('run');
  });

  it('forgets the oldest finished assignments beyond its memory, never a running one', () => {
    const ledger = new AssignmentLedger(2);
    const running = { stepRunId: 'busy', attempt: 1 };
    ledger.admit(running);
    for (const stepRunId of ['s1', 's2', 's3']) {
      ledger.admit({ stepRunId, attempt: 1 });
      ledger.finish({ stepRunId, attempt: 1 });
    }
    expect(ledger.admit({ stepRunId: 's1', attempt: 1 })).toBe('run');
    expect(ledger.admit({ stepRunId: 's3', attempt: 1 })).toBe('already-finished');
    expect(ledger.admit(running)).toBe('already-running');
  });

  it('ignores finishing an assignment it never admitted', () => {
    const ledger = new AssignmentLedger();
    ledger.finish(a1);
    expect(ledger.admit(a1)).toBe('run');
  });
});
