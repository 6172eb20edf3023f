import { EventEnvelope, StoredEvent } from '@wharf/events';
import { decidePush } from '../../dispatch/domain/decide-push';
import { DispatchContext } from '../../dispatch/domain/dispatch-context';
import { DispatchState } from '../../dispatch/domain/dispatch-state';
import { replayedEventId } from './replay-ids';

export interface ReplayTarget {
  replayId: string;
  from: string;
  to: string;
  /** Who asked for the replay: the actor of every copy. */
  actor: string;
}

/**
 * The copy of a source event in the target: the source's key, payload and metadata in the mapped
 * namespace, routed like a push against the target's workflows (the target decides its runs anew),
 * with its provenance. Its id is derived from the source event, so a second copy is refused.
 */
export function replayedEvent(
  state: DispatchState,
  source: StoredEvent<'event.pushed'>,
  targetNamespace: string,
  target: ReplayTarget,
  context: DispatchContext,
): EventEnvelope<'event.pushed'> {
  const eventId = replayedEventId(target.to, target.from, source.payload.eventId);
  const event = decidePush(
    state,
    {
      eventId,
      tenant: target.to,
      namespace: targetNamespace,
      key: source.payload.key,
      payload: source.payload.payload,
      metadata: source.payload.metadata,
      actor: target.actor,
      provenance: {
        kind: 'replay',
        tenant: target.from,
        namespace: source.namespace,
        eventId: source.payload.eventId,
        seq: source.seq,
        replayId: target.replayId,
      },
    },
    context,
  );
  return { ...event, correlationId: target.replayId, causationId: source.id };
}
