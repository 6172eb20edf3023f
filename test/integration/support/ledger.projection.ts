import { EntityManager } from 'typeorm';
import { AnyStoredEvent } from '@wharf/events';
import { Projection } from '@wharf/projections';
import { AggregateCountEntity } from './aggregate-count.entity';
import { AppliedEventEntity } from './applied-event.entity';

/** Records every application of every event, so a test can see an event applied twice or skipped. */
export class LedgerProjection implements Projection {
  readonly entities = [AppliedEventEntity, AggregateCountEntity];

  async apply(event: AnyStoredEvent, em: EntityManager): Promise<void> {
    await em.insert(AppliedEventEntity, {
      seq: event.seq,
      eventId: event.id,
      type: event.type,
      subject: event.subject,
    });
    const count = await em.findOneBy(AggregateCountEntity, { subject: event.subject });
    await em.save(AggregateCountEntity, {
      subject: event.subject,
      events: (count?.events ?? 0) + 1,
      lastSeq: event.seq,
    });
  }
}
