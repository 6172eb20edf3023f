import { AppendConflictError, EventStore } from '@wharf/event-store';
import { EventEnvelope } from '@wharf/events';
import { ProjectionRunner } from '@wharf/projections';

/** How often a command is decided again after a concurrent change before the conflict reaches the caller. */
const MAX_ATTEMPTS = 5;

export interface Decision<R> {
  /** Events to append to one aggregate, in order; empty when the command changes nothing. */
  events: EventEnvelope[];
  /** Stream sequence of the aggregate's last event the decision was based on (0 = new aggregate). */
  expectedLastSubjectSeq: number;
  /** What the caller gets back once the events are appended. */
  result: R;
}

/**
 * Runs optimistic concurrency for one aggregate: `decide` reads the read model and decides; the
 * events are appended expecting the aggregate's last sequence; on a conflict the read model catches
 * up with the stream and the command is decided again. After an append the read model has applied
 * the new events, so the caller (and the next request to this instance) reads its own writes.
 * @throws AppendConflictError when the aggregate kept changing through every attempt.
 */
export async function decideAndAppend<R>(
  store: EventStore,
  runner: ProjectionRunner,
  decide: () => Promise<Decision<R>>,
): Promise<R> {
  for (let attempt = 1; ; attempt += 1) {
    const decision = await decide();
    if (decision.events.length === 0) return decision.result;
    try {
      const seqs = await store.appendAll(decision.events, decision.expectedLastSubjectSeq);
      await runner.waitFor(seqs[seqs.length - 1]);
      return decision.result;
    } catch (err) {
      if (!(err instanceof AppendConflictError) || attempt >= MAX_ATTEMPTS) throw err;
      await runner.catchUp();
    }
  }
}
