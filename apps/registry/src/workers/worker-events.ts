import { Actor, EventEnvelope, newEvent } from '@wharf/events';
import { WorkerEvent } from './worker.decider';

/** Wraps decided worker events in envelopes on the worker's own subject. */
export function workerEnvelopes(
  at: { tenant: string; namespace: string; workerId: string; actor: Actor },
  events: WorkerEvent[],
): EventEnvelope[] {
  return events.map((event) =>
    newEvent({
      type: event.type,
      payload: event.payload,
      tenant: at.tenant,
      namespace: at.namespace,
      aggregate: { type: 'worker', id: at.workerId },
      actor: at.actor,
    }),
  );
}
