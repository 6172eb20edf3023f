import { EventPayloads, EventType } from './catalogue';

/**
 * An event as a decider returns it: its type and payload, before the service wraps it in an
 * envelope (id, tenant, namespace, actor, time). Keeps deciders free of clocks and ids.
 * A union over `T`, so `switch (event.type)` narrows the payload.
 */
export type DomainEvent<T extends EventType = EventType> = { [K in T]: { type: K; payload: EventPayloads[K] } }[T];

/** Every domain event. */
export type AnyDomainEvent = DomainEvent;

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
