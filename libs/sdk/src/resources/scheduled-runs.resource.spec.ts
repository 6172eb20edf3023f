import { recordingFetch } from '../testing/recording-fetch';
import { Wharf } from '../wharf';
import { WharfInputError } from '../wharf-input-error';
import { CreateScheduledRunInput } from './scheduled-runs.resource';

const url = 'http://wharf.test';
const id = '0f8fad5b-d9cb-469f-a165-70867728950e';

function client() {
  const { fetch, sent } = recordingFetch({});
  return { wharf: new Wharf({ url, token: 'wt_admin', namespace: 'default', tenant: null, env: {}, fetch }), sent };
}

const reminder: CreateScheduledRunInput = { workflow: 'send-reminder', at: '2030-01-31T09:00:00+01:00' };

describe('ScheduledRunsResource', () => {
  describe('create', () => {
    it('posts the workflow, the time as given and the input', async () => {
      const { wharf, sent } = client();
      await wharf.scheduledRuns.create({ ...reminder, input: { userId: 42 } });
      await wharf.scheduledRuns.create(reminder);
      expect(sent.map((r) => [r.method, r.url, r.body])).toEqual([
        [
          'POST',
          `${url}/api/v1/scheduled-runs`,
          { workflow: 'send-reminder', at: '2030-01-31T09:00:00+01:00', input: { userId: 42 } },
        ],
        ['POST', `${url}/api/v1/scheduled-runs`, { workflow: 'send-reminder', at: '2030-01-31T09:00:00+01:00' }],
      ]);
    });

    it.each<[string, Partial<CreateScheduledRunInput>, string]>([
      ['a workflow name with a space', { workflow: 'send reminder' }, 'workflow'],
      ['an empty workflow name', { workflow: '' }, 'workflow'],
      ['a date without a time', { at: '2030-01-31' }, 'at'],
      ['a date-time without a time zone', { at: '2030-01-31T09:00:00' }, 'at'],
      ['a day the month does not have', { at: '2030-02-30T09:00:00Z' }, 'at'],
      ['a duration', { at: 'in 5m' }, 'at'],
    ])('refuses %s before sending, naming the field', (_case, change, field) => {
      const { wharf, sent } = client();
      expect(() => wharf.scheduledRuns.create({ ...reminder, ...change })).toThrow(expect.objectContaining({ field }));
      expect(sent).toEqual([]);
    });
  });

  it('lists, shows and cancels by id', async () => {
    const { wharf, sent } = client();
    await wharf.scheduledRuns.list();
    await wharf.scheduledRuns.get(id);
    await wharf.scheduledRuns.cancel(id);
    expect(sent.map((r) => [r.method, r.url, r.body])).toEqual([
      ['GET', `${url}/api/v1/scheduled-runs`, undefined],
      ['GET', `${url}/api/v1/scheduled-runs/${id}`, undefined],
      ['DELETE', `${url}/api/v1/scheduled-runs/${id}`, undefined],
    ]);
  });

  it.each(['', 'a/b', 'nightly-report', `${id}/x`])('refuses the id %j before sending', (bad) => {
    const { wharf, sent } = client();
    const refusal = new WharfInputError('id', 'must be a scheduled run id (a UUID)');
    expect(() => wharf.scheduledRuns.get(bad)).toThrow(refusal);
    expect(() => wharf.scheduledRuns.cancel(bad)).toThrow(refusal);
    expect(sent).toEqual([]);
  });
});
