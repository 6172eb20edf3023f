import { CronView, ScheduledRunView, WharfInputError } from '@wharf/sdk';
import { formatFields, formatTable } from '../support/table';
import { CRON_COLUMNS, cronFields, parseJsonOption, SCHEDULED_RUN_COLUMNS, scheduledRunFields } from './schedule-text';

const cron: CronView = {
  name: 'nightly-report',
  namespace: 'ops',
  expression: '30 2 * * *',
  timezone: 'Europe/Berlin',
  eventKey: 'report:nightly',
  payload: { format: 'pdf' },
  missedTicks: 'skip',
  createdAt: '2030-01-30T10:00:00.000Z',
  lastTick: null,
  nextTick: '2030-01-31T01:30:00.000Z',
};

const scheduled: ScheduledRunView = {
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  namespace: 'default',
  workflow: 'send-reminder',
  at: '2030-01-31T08:00:00.000Z',
  input: null,
  status: 'pending',
  createdAt: '2030-01-30T10:00:00.000Z',
  eventId: null,
  runId: null,
};

describe('parseJsonOption', () => {
  it('reads JSON, and nothing as undefined', () => {
    expect(parseJsonOption('{"userId":42}', 'input')).toEqual({ userId: 42 });
    expect(parseJsonOption('null', 'payload')).toBeNull();
    expect(parseJsonOption(undefined, 'payload')).toBeUndefined();
  });

  it('names the option when the text is not JSON', () => {
    expect(() => parseJsonOption('{userId:42}', 'payload')).toThrow(
      new WharfInputError('payload', `must be valid JSON; quote it for the shell, e.g. '{"id":1}'`),
    );
  });
});

describe('cron text', () => {
  it('lists a cron that never ticked with a dash', () => {
    expect(formatTable([cron], CRON_COLUMNS).split('\n')).toEqual([
      'NAME            EXPRESSION  TIMEZONE       EVENT KEY       MISSED TICKS  LAST TICK  NEXT TICK',
      'nightly-report  30 2 * * *  Europe/Berlin  report:nightly  skip          -          2030-01-31 01:30Z',
    ]);
  });

  it('shows the payload as JSON', () => {
    expect(formatFields(cronFields(cron))).toContain('payload       {"format":"pdf"}');
  });
});

describe('scheduled run text', () => {
  it('lists a pending run without a run id', () => {
    expect(formatTable([scheduled], SCHEDULED_RUN_COLUMNS).split('\n')).toEqual([
      'ID                                    WORKFLOW       AT                 STATUS   RUN',
      '0f8fad5b-d9cb-469f-a165-70867728950e  send-reminder  2030-01-31 08:00Z  pending  -',
    ]);
  });

  it('shows a fired run with its event and run', () => {
    const fired = { ...scheduled, status: 'fired' as const, eventId: 'e-1', runId: 'r-1' };
    expect(formatFields(scheduledRunFields(fired))).toMatch(/status +fired\n.*\nevent id +e-1\nrun id +r-1$/);
  });
});
