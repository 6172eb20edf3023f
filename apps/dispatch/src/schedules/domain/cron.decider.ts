import { CronCreated, DomainEvent } from '@wharf/events';
import { deterministicId } from '../../dispatch/domain/deterministic-id';
import { dueTick } from './cron-ticks';
import { ScheduleRejection } from './schedule-rejection';

/** One cron's subject folded: the cron that exists under the name now, if any. */
export interface CronState {
  cron: (CronCreated & { createdAt: string; lastTick: string | null }) | null;
}

export const initialCronState: CronState = { cron: null };

export type CronCommand =
  { type: 'create'; definition: CronCreated } | { type: 'delete'; name: string } | { type: 'tick'; now: Date };

type CronEvent = DomainEvent<'cron.created' | 'cron.ticked' | 'cron.deleted'>;

/** The id of the event a tick pushes: the same for every instance and every retry. */
export function tickEventId(cronId: string, tick: string): string {
  return deterministicId('cron-tick', cronId, tick);
}

/**
 * The rules of one cron: a name holds one cron at a time (409), deleting needs one (404), and a
 * tick is recorded when `dueTick` says one is due (nothing otherwise).
 */
export function decideCron(command: CronCommand, state: CronState): CronEvent[] {
  switch (command.type) {
    case 'create':
      if (state.cron !== null)
        throw new ScheduleRejection(409, `cron "${command.definition.name}" exists; delete it first`);
      return [{ type: 'cron.created', payload: command.definition }];
    case 'delete':
      if (state.cron === null) throw new ScheduleRejection(404, `cron "${command.name}" not found`);
      return [{ type: 'cron.deleted', payload: { cronId: state.cron.cronId, name: state.cron.name } }];
    case 'tick': {
      const cron = state.cron;
      if (cron === null) return [];
      const due = dueTick(cron, new Date(cron.lastTick ?? cron.createdAt), command.now);
      if (due === null) return [];
      const tick = due.tick.toISOString();
      return [
        {
          type: 'cron.ticked',
          payload: {
            cronId: cron.cronId,
            name: cron.name,
            tick,
            eventId: tickEventId(cron.cronId, tick),
            missed: due.missed,
          },
        },
      ];
    }
  }
}

/** Folds one event of the cron's subject; `occurredAt` of `cron.created` is where ticks start. */
export function evolveCron(state: CronState, event: DomainEvent, occurredAt: string): CronState {
  switch (event.type) {
    case 'cron.created':
      return { cron: { ...event.payload, createdAt: occurredAt, lastTick: null } };
    case 'cron.ticked':
      return state.cron === null || state.cron.cronId !== event.payload.cronId
        ? state
        : { cron: { ...state.cron, lastTick: event.payload.tick } };
    case 'cron.deleted':
      return initialCronState;
    default:
      return state;
  }
}
