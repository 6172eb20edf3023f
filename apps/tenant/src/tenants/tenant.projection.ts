import { EntityManager } from 'typeorm';
import { AnyStoredEvent } from '@wharf/events';
import { Projection } from '@wharf/projections';
import { TenantEntity } from './tenant.entity';

/** Projects a tenant's events into the `tenant` table; every other event passes by. */
export class TenantProjection implements Projection {
  readonly entities = [TenantEntity];
  readonly aggregateTypes = ['tenant'] as const;

  async apply(event: AnyStoredEvent, em: EntityManager): Promise<void> {
    switch (event.type) {
      case 'tenant.created':
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
            description: event.payload.description || null,
            createdAt: event.occurredAt,
            createdBy: event.actor,
            archived: false,
            archivedAt: null,
            seq: event.seq,
          })
          .orIgnore()
          .execute();
        return;
      case 'tenant.renamed':
        await em.update(TenantEntity, { slug: event.payload.slug }, { name: event.payload.name });
        return;
      case 'tenant.described':
        await em.update(TenantEntity, { slug: event.payload.slug }, { description: event.payload.description || null });
        return;
      case 'tenant.archived':
        await em.update(
          TenantEntity,
          { slug: event.payload.slug, archived: false },
          { archived: true, archivedAt: event.occurredAt },
        );
        return;
      default:
        return;
    }
  }
}
