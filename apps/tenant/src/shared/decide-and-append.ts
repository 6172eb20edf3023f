import { Actor, AnyStoredEvent, EventEnvelope, newEvent } from '@wharf/events';
import { AppendConflictError, EventStore } from '@wharf/event-store';
import { AggregateLocation, subjectOf } from './aggregate-location';
import { AnyDomainEvent, Decider, foldEvents } from '@wharf/events';

export interface DecideAndAppend<Command, State, Event extends AnyDomainEvent> {
  location: AggregateLocation;
  decider: Decider<Command, State, Event>;
  command: Command;
  actor: Actor;
  /** How many times a concurrent writer may move the subject on before the conflict is reported. */
  maxAttempts?: number;
}

export interface Decided {
  /** The appended envelopes, in order (none when the command changed nothing). */
  events: EventEnvelope[];
  /**
   * Stream sequence of the aggregate's last event after the command: a read model that reached it
   * reflects the command (and, when nothing was appended, the state the command was decided on).
   */
  lastSeq: number;
}

/** The aggregate's state and the stream sequence of its last event (0 for a new aggregate). */
export async function loadAggregate<State>(
  store: EventStore,
  location: AggregateLocation,
  decider: Pick<Decider<unknown, State, AnyDomainEvent>, 'initialState' | 'evolve'>,
): Promise<{ state: State; lastSeq: number }> {
  const events = (await store.readSubject(subjectOf(location))) as AnyStoredEvent[];
  return { state: foldEvents(decider, events), lastSeq: events[events.length - 1]?.seq ?? 0 };
}

/**
 * Loads the aggregate from its subject, decides, and appends the events expecting the subject
 * still ends where it was read. When another writer got there first, the state is read again and
 * the command decided again, so a rule the other write broke (e.g. "already exists") is reported
 * instead of silently overwritten. The stream, not a read model, is the state here: it is the
 * only place that is never behind. Every event carries `actor`, the token id that asked.
 *
 * @throws whatever the decider throws, or AppendConflictError after `maxAttempts` lost races.
 */
export async function decideAndAppend<Command, State, Event extends AnyDomainEvent>(
  store: EventStore,
  input: DecideAndAppend<Command, State, Event>,
): Promise<Decided> {
  const maxAttempts = input.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt += 1) {
    const { state, lastSeq } = await loadAggregate(store, input.location, input.decider);
    const events = input.decider.decide(input.command, state);
    const envelopes = events.map((event): EventEnvelope =>
      newEvent({ ...input.location, ...event, actor: input.actor }),
    );
    try {
      const seqs = await store.appendAll(envelopes, lastSeq);
      return {
        events: envelopes,
        lastSeq: seqs[seqs.length - 1] ?? lastSeq,
      };
    } catch (err) {
      if (!(err instanceof AppendConflictError) || attempt >= maxAttempts) throw err;
    }
  }
}
