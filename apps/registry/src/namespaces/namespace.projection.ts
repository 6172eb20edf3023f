import { EntityManager } from 'typeorm';
import { AnyStoredEvent } from '@wharf/events';
import { Projection } from '@wharf/projections';
import { namespaceActivityOf } from './namespace-activity';
import { NamespaceEntity } from './namespace.entity';

/**
 * Counts per namespace, one upsert per event: a namespace needs no registration, it exists from
 * the first worker, workflow or pushed event in it. Whether a worker is available right now
 * depends on its previous state, which the worker read model keeps: that count is read there.
 */
export class NamespaceProjection implements Projection {
  readonly entities = [NamespaceEntity];
  readonly aggregateTypes = ['worker', 'workflow', 'event'] as const;

  async apply(event: AnyStoredEvent, em: EntityManager): Promise<void> {
    const activity = namespaceActivityOf(event);
    if (activity === null) return;
    const { tableName } = em.connection.getMetadata(NamespaceEntity);
    // min/max rather than first/last: occurredAt comes from the appending instance's clock.
    await em.query(
      `INSERT INTO "${tableName}" ("tenant", "namespace", "workers", "workflows", "events", "firstSeenAt", "lastSeenAt")
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT ("tenant", "namespace") DO UPDATE SET
         "workers" = "workers" + excluded."workers",
         "workflows" = "workflows" + excluded."workflows",
         "events" = "events" + excluded."events",
         "firstSeenAt" = min("firstSeenAt", excluded."firstSeenAt"),
         "lastSeenAt" = max("lastSeenAt", excluded."lastSeenAt")`,
      [
        activity.tenant,
        activity.namespace,
        activity.workers,
        activity.workflows,
        activity.events,
        activity.occurredAt,
        activity.occurredAt,
      ],
    );
  }
}
