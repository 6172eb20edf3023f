import { EntityManager } from 'typeorm';
import { AnyStoredEvent } from '@wharf/events';
import { Projection } from '@wharf/projections';
import { WorkflowEntity } from './workflow.entity';

export class WorkflowProjection implements Projection {
  readonly entities = [WorkflowEntity];
  readonly aggregateTypes = ['workflow'] as const;

  async apply(event: AnyStoredEvent, em: EntityManager): Promise<void> {
    if (event.type !== 'workflow.put') return;
    const key = { tenant: event.tenant, namespace: event.namespace, name: event.payload.name };
    const definition = {
      version: event.payload.version,
      eventKeys: event.payload.eventKeys,
      steps: event.payload.steps,
      strategy: event.payload.strategy ?? null,
      updatedAt: event.occurredAt,
      lastSeq: event.seq,
    };
    if (await em.existsBy(WorkflowEntity, key)) {
      await em.update(WorkflowEntity, key, definition);
    } else {
      await em.insert(WorkflowEntity, { ...key, ...definition, createdAt: event.occurredAt });
    }
  }
}
