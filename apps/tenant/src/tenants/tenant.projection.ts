import { EntityManager } from 'typeorm';
import { AnyStoredEvent } from '@wharf/events';
import { Projection } from '@wharf/projections';
import { TenantEntity } from './tenant.entity';

/** Projects `tenant.created` into the `tenant` table; every other event passes by. */
export class TenantProjection implements Projection {
  readonly entities = [TenantEntity];
  readonly aggregateTypes = ['tenant'] as const;

  async apply(event: AnyStoredEvent, em: EntityManager): Promise<void> {
    if (event.type !== 'tenant.created') return;
    // The first event on a tenant's subject defines it (appends expect an empty subject), so a
    // second one can only come from outside the service; it is ignored rather than allowed to
    // stop the read model.
    await em
      .createQueryBuilder()
      .insert()
      .into(TenantEntity)
      .values({
        slug: event.payload.slug,
        name: event.payload.name,
        purpose: event.payload.purpose,
        createdAt: event.occurredAt,
        createdBy: event.actor,
        seq: event.seq,
      })
      .orIgnore()
      .execute();
  }
}
