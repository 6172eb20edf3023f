import { AuditLine } from './audit-line';
import { keyPatternRegExp, keyPatternViolation, selectGroupLines } from './audit-filters';

const at = '2030-01-01T00:00:10.000Z';
const base = { eventSeq: 1, at, namespace: 'shop', eventId: 'ev', eventKey: 'order:paid' };
const group: AuditLine[] = [
  { ...base, seq: 1, kind: 'event', detail: 'matched 2 workflows: bill, ship' },
  { ...base, seq: 2, kind: 'run', runId: 'r-bill', workflow: 'bill' },
  { ...base, seq: 3, kind: 'run', runId: 'r-ship', workflow: 'ship' },
  { ...base, seq: 4, kind: 'assignment', runId: 'r-bill', workflow: 'bill', workerId: 'w-1', workerName: 'biller' },
  { ...base, seq: 5, kind: 'assignment', runId: 'r-ship', workflow: 'ship', workerId: 'w-2', workerName: 'shipper' },
  { ...base, seq: 6, kind: 'run-completed', runId: 'r-bill', workflow: 'bill', outcome: 'completed' },
  { ...base, seq: 7, kind: 'run-failed', runId: 'r-ship', workflow: 'ship', outcome: 'failed' },
];
const seqs = (lines: AuditLine[]) => lines.map((l) => l.seq);

describe('selectGroupLines', () => {
  it('keeps the whole event without filters', () => {
    expect(seqs(selectGroupLines(group, {}))).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('selects events by namespace, time (since inclusive, until exclusive) and key', () => {
    expect(selectGroupLines(group, { namespace: 'other' })).toEqual([]);
    expect(selectGroupLines(group, { since: at })).toHaveLength(7);
    expect(selectGroupLines(group, { until: at })).toEqual([]);
    expect(selectGroupLines(group, { key: 'order:*' })).toHaveLength(7);
    expect(selectGroupLines(group, { key: 'order' })).toEqual([]);
  });

  it('keeps the event line and the matching runs only for workflow, worker and outcome', () => {
    expect(seqs(selectGroupLines(group, { workflow: 'ship' }))).toEqual([1, 3, 5, 7]);
    expect(seqs(selectGroupLines(group, { worker: 'biller' }))).toEqual([1, 2, 4, 6]);
    expect(seqs(selectGroupLines(group, { worker: 'w-2' }))).toEqual([1, 3, 5, 7]);
    expect(seqs(selectGroupLines(group, { outcome: 'completed' }))).toEqual([1, 2, 4, 6]);
    expect(selectGroupLines(group, { outcome: 'running' })).toEqual([]);
    expect(selectGroupLines(group, { workflow: 'bill', outcome: 'failed' })).toEqual([]);
  });

  it('unmatched keeps only events no workflow matched', () => {
    const unmatched: AuditLine[] = [{ ...base, seq: 9, eventSeq: 9, kind: 'event', outcome: 'unmatched' }];
    expect(selectGroupLines(unmatched, { outcome: 'unmatched' })).toEqual(unmatched);
    expect(selectGroupLines(group, { outcome: 'unmatched' })).toEqual([]);
    expect(selectGroupLines(unmatched, { outcome: 'unmatched', workflow: 'bill' })).toEqual([]);
  });

  it('a run with no line of its own in the group (a late refusal) never matches a run filter', () => {
    const orphan: AuditLine[] = [
      { ...base, seq: 12, eventSeq: 12, eventId: null, eventKey: null, kind: 'refusal', runId: 'r-bill' },
    ];
    expect(selectGroupLines(orphan, {})).toEqual(orphan);
    expect(selectGroupLines(orphan, { workflow: 'bill' })).toEqual([]);
    expect(selectGroupLines(orphan, { key: '*' })).toEqual([]);
  });
});

describe('key patterns', () => {
  it('`*` matches any run of characters, anchored at both ends', () => {
    expect(keyPatternRegExp('user:*').test('user:created')).toBe(true);
    expect(keyPatternRegExp('*:created').test('user:created')).toBe(true);
    expect(keyPatternRegExp('user').test('user:created')).toBe(false);
  });

  it.each(['User:*', 'a.b', 'a b', '>', 'a?', ''])('refuses %p', (pattern) => {
    expect(keyPatternViolation(pattern)).not.toBeNull();
  });
});
