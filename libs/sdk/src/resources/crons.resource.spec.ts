import { recordingFetch } from '../testing/recording-fetch';
import { Wharf } from '../wharf';
import { WharfInputError } from '../wharf-input-error';
import { CreateCronInput } from './crons.resource';

const url = 'http://wharf.test';

function client() {
  const { fetch, sent } = recordingFetch({});
  return { wharf: new Wharf({ url, token: 'wt_admin', namespace: 'ops', tenant: null, env: {}, fetch }), sent };
}

const nightly: CreateCronInput = { name: 'nightly-report', expression: '30 2 * * *', eventKey: 'report:nightly' };

describe('CronsResource', () => {
  describe('create', () => {
    it('posts every field given, in the namespace of the client', async () => {
      const { wharf, sent } = client();
      await wharf.crons.create({
        ...nightly,
        timezone: 'Europe/Berlin',
        payload: { format: 'pdf' },
        missedTicks: 'fire-once',
      });
      expect(sent.map((r) => [r.method, r.url, r.headers['X-Wharf-Namespace'], r.body])).toEqual([
        [
          'POST',
          `${url}/api/v1/crons`,
          'ops',
          {
            name: 'nightly-report',
            expression: '30 2 * * *',
            eventKey: 'report:nightly',
            timezone: 'Europe/Berlin',
            payload: { format: 'pdf' },
            missedTicks: 'fire-once',
          },
        ],
      ]);
    });

    it('leaves out the time zone, payload and missed-ticks policy not given (the service defaults apply)', async () => {
      const { wharf, sent } = client();
      await wharf.crons.create(nightly);
      await wharf.crons.create({ ...nightly, payload: null });
      expect(sent.map((r) => r.body)).toEqual([
        { name: 'nightly-report', expression: '30 2 * * *', eventKey: 'report:nightly' },
        { name: 'nightly-report', expression: '30 2 * * *', eventKey: 'report:nightly', payload: null },
      ]);
    });

    it.each<[string, Partial<CreateCronInput>, string]>([
      ['a name with a dot', { name: 'nightly.report' }, 'name'],
      ['an empty name', { name: '' }, 'name'],
      ['an empty expression', { expression: '  ' }, 'expression'],
      ['an empty time zone', { timezone: '' }, 'timezone'],
      ['an event key with a space', { eventKey: 'report nightly' }, 'eventKey'],
      ['an unknown missed-ticks policy', { missedTicks: 'fire-all' as CreateCronInput['missedTicks'] }, 'missedTicks'],
    ])('refuses %s before sending, naming the field', (_case, change, field) => {
      const { wharf, sent } = client();
      expect(() => wharf.crons.create({ ...nightly, ...change })).toThrow(expect.objectContaining({ field }));
      expect(sent).toEqual([]);
    });

    it('names the missed-ticks policies in the error', () => {
      const { wharf } = client();
      const input = { ...nightly, missedTicks: 'all' } as unknown as CreateCronInput;
      expect(() => wharf.crons.create(input)).toThrow(
        new WharfInputError('missedTicks', 'must be one of fire-once, skip'),
      );
    });
  });

  it('lists, shows and deletes by name', async () => {
    const { wharf, sent } = client();
    await wharf.crons.list();
    await wharf.crons.get('nightly-report');
    await wharf.crons.delete('nightly-report');
    expect(sent.map((r) => [r.method, r.url, r.body])).toEqual([
      ['GET', `${url}/api/v1/crons`, undefined],
      ['GET', `${url}/api/v1/crons/nightly-report`, undefined],
      ['DELETE', `${url}/api/v1/crons/nightly-report`, undefined],
    ]);
  });

  it.each(['', 'a/b', '../tokens', 'nightly.report'])('refuses the cron name %j before sending', (name) => {
    const { wharf, sent } = client();
    expect(() => wharf.crons.get(name)).toThrow(expect.objectContaining({ field: 'name' }));
    expect(() => wharf.crons.delete(name)).toThrow(expect.objectContaining({ field: 'name' }));
    expect(sent).toEqual([]);
  });
});
