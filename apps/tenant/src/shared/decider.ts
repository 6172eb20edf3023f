import { EventPayloads, EventType } from '@wharf/events';

/** An event as a decider sees it: what happened, without the envelope the store adds. */
export interface DomainEvent<T extends EventType = EventType> {
  type: T;
  payload: EventPayloads[T];
}

/** Every domain event as a discriminated union, so `switch (event.type)` narrows the payload. */
export type AnyDomainEvent = { [K in EventType]: DomainEvent<K> }[EventType];

/**
 * Domain logic as two pure functions: `decide` turns a command and the current state into the
 * events to record (or throws the broken rule), `evolve` folds one recorded event into the state.
 * No I/O, no clock, no randomness: whatever varies arrives in the command.
 */
export interface Decider<Command, State, Event extends AnyDomainEvent> {
  readonly initialState: State;
  decide(command: Command, state: State): Event[];
  /** Folds any event of the aggregate's subject; events it does not know leave the state as is. */
  evolve(state: State, event: AnyDomainEvent): State;
}

/** The state after `events`, starting from the decider's initial state. */
export function foldEvents<State>(
  decider: Pick<Decider<unknown, State, AnyDomainEvent>, 'initialState' | 'evolve'>,
  events: readonly AnyDomainEvent[],
): State {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState);
}
