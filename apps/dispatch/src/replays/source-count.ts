import { AckPolicy, DeliverPolicy, nanos } from 'nats';
import { EventStore } from '@wharf/event-store';

/**
 * How many messages match `filter` from `fromSeq` on, as the server counts them for a new
 * consumer: no message is read.
 */
export async function countMatching(store: EventStore, filter: string, fromSeq: number): Promise<number> {
  const info = await store.jsm.consumers.add(store.stream, {
    filter_subject: filter,
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: Math.max(1, fromSeq),
    ack_policy: AckPolicy.None,
    inactive_threshold: nanos(30_000),
    mem_storage: true,
  });
  await store.jsm.consumers.delete(store.stream, info.name).catch(() => undefined);
  return info.num_pending;
}
