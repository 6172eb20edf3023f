import { EntityManager } from 'typeorm';
import { AnyStoredEvent } from '@wharf/events';
import { Projection } from '@wharf/projections';
import { evolveWorker, WorkerStatus } from './worker.decider';
import { WorkerEntity } from './worker.entity';

export class WorkerProjection implements Projection {
  readonly entities = [WorkerEntity];
  readonly aggregateTypes = ['worker'] as const;

  async apply(event: AnyStoredEvent, em: EntityManager): Promise<void> {
    switch (event.type) {
      case 'worker.registered':
        await em.insert(WorkerEntity, {
          workerId: event.payload.workerId,
          tenant: event.tenant,
          namespace: event.namespace,
          name: event.payload.name,
          actions: event.payload.actions,
          maxRuns: event.payload.maxRuns,
          labels: event.payload.labels,
          status: 'available',
          registeredAt: event.occurredAt,
          availableSince: event.occurredAt,
          lastSeq: event.seq,
        });
        return;
      case 'worker.became-unavailable':
      case 'worker.became-available':
      case 'worker.deregistered': {
        const row = await em.findOneBy(WorkerEntity, {
          workerId: event.payload.workerId,
          tenant: event.tenant,
          namespace: event.namespace,
        });
        if (row === null) return;
        // The status follows the decider's own evolve, so read model and decisions never disagree.
        const next = evolveWorker({ status: row.status }, event);
        await em.update(
          WorkerEntity,
          { workerId: row.workerId },
          {
            status: next.status as WorkerStatus,
            lastSeq: event.seq,
            ...(event.type === 'worker.became-available' ? { availableSince: event.occurredAt } : {}),
          },
        );
        return;
      }
      default:
        return;
    }
  }
}
