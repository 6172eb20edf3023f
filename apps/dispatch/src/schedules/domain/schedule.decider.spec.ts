import { DomainEvent, ScheduleCreated } from '@wharf/events';
import {
  decideSchedule,
  evolveSchedule,
  initialScheduleState,
  ScheduleCommand,
  scheduleEventId,
} from './schedule.decider';

const reminder: ScheduleCreated = {
  scheduleId: 's1',
  workflow: 'send-reminder',
  at: '2030-01-31T08:00:00.000Z',
  input: { to: 'ada' },
};
const created: DomainEvent = { type: 'schedule.created', payload: reminder };
const cancelled: DomainEvent = { type: 'schedule.cancelled', payload: { scheduleId: 's1' } };
const fired: DomainEvent = { type: 'schedule.fired', payload: { scheduleId: 's1', eventId: scheduleEventId('s1') } };

function given(...events: DomainEvent[]) {
  const state = events.reduce(evolveSchedule, initialScheduleState);
  return {
    when: (command: ScheduleCommand) => ({
      then: (expected: DomainEvent[]) => expect(decideSchedule(command, state)).toEqual(expected),
      thenThrows: (status: number, message: RegExp) => {
        expect(() => decideSchedule(command, state)).toThrow(message);
        expect(() => decideSchedule(command, state)).toThrow(expect.objectContaining({ status }) as unknown as Error);
      },
    }),
  };
}

describe('scheduled run decider', () => {
  it('schedules a run', () => {
    given().when({ type: 'create', schedule: reminder }).then([created]);
  });

  it('does not fire before its time', () => {
    given(created)
      .when({ type: 'fire', now: new Date('2030-01-31T07:59:59.999Z') })
      .then([]);
  });

  it('fires at its time (or later, after an outage), once', () => {
    given(created)
      .when({ type: 'fire', now: new Date('2030-01-31T08:00:00Z') })
      .then([fired]);
    given(created)
      .when({ type: 'fire', now: new Date('2030-02-03T00:00:00Z') })
      .then([fired]);
    given(created, fired)
      .when({ type: 'fire', now: new Date('2030-02-03T00:00:00Z') })
      .then([]);
  });

  it('a cancelled run never fires', () => {
    given(created).when({ type: 'cancel', scheduleId: 's1' }).then([cancelled]);
    given(created, cancelled)
      .when({ type: 'fire', now: new Date('2030-02-03T00:00:00Z') })
      .then([]);
  });

  it('cancelling again records nothing; cancelling a fired run is a 409; an unknown one a 404', () => {
    given(created, cancelled).when({ type: 'cancel', scheduleId: 's1' }).then([]);
    given(created, fired)
      .when({ type: 'cancel', scheduleId: 's1' })
      .thenThrows(409, /already fired/);
    given()
      .when({ type: 'cancel', scheduleId: 's1' })
      .thenThrows(404, /not found/);
  });
});
