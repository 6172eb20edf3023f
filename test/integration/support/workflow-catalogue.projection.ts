import { EntityManager } from 'typeorm';
import { AnyStoredEvent } from '@wharf/events';
import { Projection } from '@wharf/projections';
import { WorkflowRowEntity } from './workflow-row.entity';

/** Keeps the latest version of each workflow from `workflow.put` events (an upsert). */
export class WorkflowCatalogueProjection implements Projection {
  readonly entities = [WorkflowRowEntity];
  readonly aggregateTypes = ['workflow'] as const;

  async apply(event: AnyStoredEvent, em: EntityManager): Promise<void> {
    if (event.type !== 'workflow.put') return;
    await em.save(WorkflowRowEntity, {
      tenant: event.tenant,
      namespace: event.namespace,
      name: event.payload.name,
      version: event.payload.version,
      eventKeys: JSON.stringify(event.payload.eventKeys),
      steps: JSON.stringify(event.payload.steps),
      updatedAt: event.occurredAt,
    });
  }
}
