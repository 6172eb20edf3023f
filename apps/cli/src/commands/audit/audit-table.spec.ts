import { AuditLine } from '@wharf/sdk';
import { auditLineTable, auditTime, durationText } from './audit-table';

describe('audit table', () => {
  const line: AuditLine = {
    seq: 12,
    eventSeq: 9,
    kind: 'assignment',
    at: '2030-01-31T12:05:01.123Z',
    namespace: 'default',
    eventId: 'ev',
    eventKey: 'user:created',
    runId: 'r1',
    workflow: 'welcome',
    step: 'send',
    attempt: 2,
    workerId: 'w-1',
    workerName: 'mailer',
    durationMs: 1500,
    detail: 'score 2,\nsticky preferred',
  };

  it('prints fixed columns, so rows can stream before the widest one is known', () => {
    const header = auditLineTable.header();
    const row = auditLineTable.row(line);
    expect(header.indexOf('KIND')).toBe(row.indexOf('assignment'));
    expect(header.indexOf('WORKER')).toBe(row.indexOf('mailer'));
    expect(row).toContain('welcome/send');
    expect(row.endsWith('score 2, sticky preferred')).toBe(true);
  });

  it('cuts a long cell with an ellipsis instead of shifting the columns', () => {
    const row = auditLineTable.row({ ...line, workerName: 'a-worker-with-a-very-long-name' });
    expect(row).toContain('a-worker-with-a…');
    expect(row.indexOf('1.5s')).toBe(auditLineTable.header().indexOf('DURATION'));
  });

  it('reads times to the millisecond and durations in the unit that fits', () => {
    expect(auditTime('2030-01-31T12:05:01.123Z')).toBe('2030-01-31 12:05:01.123Z');
    expect([durationText(undefined), durationText(850), durationText(12_340), durationText(245_000)]).toEqual([
      '',
      '850ms',
      '12.3s',
      '4m05s',
    ]);
  });
});
