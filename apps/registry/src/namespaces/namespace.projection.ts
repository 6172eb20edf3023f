import { EntityManager } from 'typeorm';
import { AnyStoredEvent } from '@wharf/events';
import { Projection } from '@wharf/projections';
import { mergeActivities, namespaceActivityOf, NamespaceActivity } from './namespace-activity';
import { NamespaceEntity } from './namespace.entity';

/**
 * Counts per namespace, one upsert per namespace and batch (a batch's activity of a namespace is
 * added up first): a namespace needs no registration, it exists from the first worker, workflow or
 * pushed event in it. Whether a worker is available right now
 * depends on its previous state, which the worker read model keeps: that count is read there.
 */
export class NamespaceProjection implements Projection {
  readonly entities = [NamespaceEntity];
  readonly aggregateTypes = ['worker', 'workflow', 'event'] as const;

  async apply(event: AnyStoredEvent, em: EntityManager): Promise<void> {
    await this.applyBatch([event], em);
  }

  async applyBatch(events: readonly AnyStoredEvent[], em: EntityManager): Promise<void> {
    const activities: NamespaceActivity[] = [];
    for (const event of events) {
      const activity = namespaceActivityOf(event);
      if (activity !== null) activities.push(activity);
    }
    if (activities.length === 0) return;
    const { tableName } = em.connection.getMetadata(NamespaceEntity);
    for (const sum of mergeActivities(activities)) {
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
        [sum.tenant, sum.namespace, sum.workers, sum.workflows, sum.events, sum.firstSeenAt, sum.lastSeenAt],
      );
    }
  }
}
