import { DomainEvent, ScheduleCreated } from '@wharf/events';
import { deterministicId } from '../../dispatch/domain/deterministic-id';
import { ScheduleRejection } from './schedule-rejection';

export type ScheduleStatus = 'pending' | 'cancelled' | 'fired';

/** One scheduled run's subject folded. */
export interface ScheduleState {
  schedule: (ScheduleCreated & { status: ScheduleStatus; eventId: string | null }) | null;
}

export const initialScheduleState: ScheduleState = { schedule: null };

export type ScheduleCommand =
  { type: 'create'; schedule: ScheduleCreated } | { type: 'cancel'; scheduleId: string } | { type: 'fire'; now: Date };

type ScheduleEvent = DomainEvent<'schedule.created' | 'schedule.cancelled' | 'schedule.fired'>;

/** The id of the event that starts a scheduled run: the same for every instance and every retry. */
export function scheduleEventId(scheduleId: string): string {
  return deterministicId('scheduled-run', scheduleId);
}

/**
 * A scheduled run fires once, at or after `at`, unless cancelled first; cancelling a fired one is
 * a 409, cancelling a cancelled one records nothing.
 */
export function decideSchedule(command: ScheduleCommand, state: ScheduleState): ScheduleEvent[] {
  const schedule = state.schedule;
  switch (command.type) {
    case 'create':
      if (schedule !== null) throw new ScheduleRejection(409, `scheduled run "${command.schedule.scheduleId}" exists`);
      return [{ type: 'schedule.created', payload: command.schedule }];
    case 'cancel':
      if (schedule === null) throw new ScheduleRejection(404, `scheduled run "${command.scheduleId}" not found`);
      if (schedule.status === 'fired')
        throw new ScheduleRejection(409, `scheduled run "${command.scheduleId}" already fired; cancel its run instead`);
      if (schedule.status === 'cancelled') return [];
      return [{ type: 'schedule.cancelled', payload: { scheduleId: schedule.scheduleId } }];
    case 'fire':
      if (schedule === null || schedule.status !== 'pending') return [];
      if (Date.parse(schedule.at) > command.now.getTime()) return [];
      return [
        {
          type: 'schedule.fired',
          payload: { scheduleId: schedule.scheduleId, eventId: scheduleEventId(schedule.scheduleId) },
        },
      ];
  }
}

export function evolveSchedule(state: ScheduleState, event: DomainEvent): ScheduleState {
  switch (event.type) {
    case 'schedule.created':
      return { schedule: { ...event.payload, status: 'pending', eventId: null } };
    case 'schedule.cancelled':
      return state.schedule === null ? state : { schedule: { ...state.schedule, status: 'cancelled' } };
    case 'schedule.fired':
      return state.schedule === null
        ? state
        : { schedule: { ...state.schedule, status: 'fired', eventId: event.payload.eventId } };
    default:
      return state;
  }
}
