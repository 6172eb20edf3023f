import { CronCreated, DomainEvent } from '@wharf/events';
import { CronCommand, CronState, decideCron, evolveCron, initialCronState, tickEventId } from './cron.decider';

const CREATED_AT = '2026-05-01T10:00:20Z';

const nightly: CronCreated = {
  cronId: 'c1',
  name: 'minutely',
  expression: '* * * * *',
  timezone: 'UTC',
  eventKey: 'report:due',
  payload: { kind: 'report' },
  missedTicks: 'fire-once',
};

/** given(past events of the cron's subject).when(command).then(events) */
function given(...events: DomainEvent[]) {
  const state = events.reduce<CronState>((s, e) => evolveCron(s, e, CREATED_AT), initialCronState);
  return {
    when: (command: CronCommand) => ({
      then: (expected: DomainEvent[]) => expect(decideCron(command, state)).toEqual(expected),
      thenThrows: (status: number, message: RegExp) => {
        expect(() => decideCron(command, state)).toThrow(message);
        expect(() => decideCron(command, state)).toThrow(expect.objectContaining({ status }) as unknown as Error);
      },
    }),
  };
}

const created: DomainEvent = { type: 'cron.created', payload: nightly };
const ticked = (tick: string, missed = 0): DomainEvent => ({
  type: 'cron.ticked',
  payload: { cronId: 'c1', name: 'minutely', tick, eventId: tickEventId('c1', tick), missed },
});

describe('cron decider', () => {
  it('creates a cron under a free name', () => {
    given().when({ type: 'create', definition: nightly }).then([created]);
  });

  it('refuses a second cron under the same name (409)', () => {
    given(created)
      .when({ type: 'create', definition: { ...nightly, cronId: 'c2' } })
      .thenThrows(409, /exists/);
  });

  it('a deleted name can hold a new cron', () => {
    given(created, { type: 'cron.deleted', payload: { cronId: 'c1', name: 'minutely' } })
      .when({ type: 'create', definition: { ...nightly, cronId: 'c2' } })
      .then([{ type: 'cron.created', payload: { ...nightly, cronId: 'c2' } }]);
  });

  it('deletes an existing cron, refuses an unknown one (404)', () => {
    given(created)
      .when({ type: 'delete', name: 'minutely' })
      .then([{ type: 'cron.deleted', payload: { cronId: 'c1', name: 'minutely' } }]);
    given()
      .when({ type: 'delete', name: 'minutely' })
      .thenThrows(404, /not found/);
  });

  it('records the first tick after its creation, with an id derived from the cron and the tick', () => {
    given(created)
      .when({ type: 'tick', now: new Date('2026-05-01T10:01:00.050Z') })
      .then([ticked('2026-05-01T10:01:00.000Z')]);
  });

  it('records nothing between ticks, and nothing for a tick already recorded', () => {
    given(created)
      .when({ type: 'tick', now: new Date('2026-05-01T10:00:59Z') })
      .then([]);
    given(created, ticked('2026-05-01T10:01:00.000Z'))
      .when({ type: 'tick', now: new Date('2026-05-01T10:01:30Z') })
      .then([]);
  });

  it('fire-once: after an outage, one tick for the latest missed one, counting the others', () => {
    given(created, ticked('2026-05-01T10:01:00.000Z'))
      .when({ type: 'tick', now: new Date('2026-05-01T10:07:45Z') })
      .then([ticked('2026-05-01T10:07:00.000Z', 5)]);
  });

  it('skip: after an outage, nothing until the next tick on time', () => {
    const skipping: DomainEvent = { type: 'cron.created', payload: { ...nightly, missedTicks: 'skip' } };
    given(skipping, ticked('2026-05-01T10:01:00.000Z'))
      .when({ type: 'tick', now: new Date('2026-05-01T10:07:45Z') })
      .then([]);
    given(skipping, ticked('2026-05-01T10:01:00.000Z'))
      .when({ type: 'tick', now: new Date('2026-05-01T10:08:00.100Z') })
      .then([ticked('2026-05-01T10:08:00.000Z', 6)]);
  });

  it('a deleted cron never ticks', () => {
    given(created, { type: 'cron.deleted', payload: { cronId: 'c1', name: 'minutely' } })
      .when({ type: 'tick', now: new Date('2026-05-01T10:01:00.050Z') })
      .then([]);
  });

  it('two crons of the same name at the same tick push different events', () => {
    expect(tickEventId('c1', '2026-05-01T10:01:00.000Z')).not.toBe(tickEventId('c2', '2026-05-01T10:01:00.000Z'));
  });
});
