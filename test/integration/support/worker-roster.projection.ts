import { EntityManager } from 'typeorm';
import { AnyStoredEvent } from '@wharf/events';
import { Projection } from '@wharf/projections';
import { WorkerRowEntity } from './worker-row.entity';

/** Keeps a row per worker from the worker events of the real catalogue. */
export class WorkerRosterProjection implements Projection {
  readonly entities = [WorkerRowEntity];
  readonly aggregateTypes = ['worker'] as const;

  async apply(event: AnyStoredEvent, em: EntityManager): Promise<void> {
    switch (event.type) {
      case 'worker.registered':
        await em.insert(WorkerRowEntity, {
          workerId: event.payload.workerId,
          tenant: event.tenant,
          namespace: event.namespace,
          name: event.payload.name,
          actions: JSON.stringify(event.payload.actions),
          maxRuns: event.payload.maxRuns,
          labels: JSON.stringify(event.payload.labels),
          status: 'available',
          registeredAt: event.occurredAt,
          lastHeartbeatAt: null,
          changedSeq: event.seq,
        });
        return;
      case 'worker.became-unavailable':
        await em.update(
          WorkerRowEntity,
          { workerId: event.payload.workerId },
          { status: 'unavailable', lastHeartbeatAt: event.payload.lastHeartbeatAt, changedSeq: event.seq },
        );
        return;
      case 'worker.became-available':
        await em.update(
          WorkerRowEntity,
          { workerId: event.payload.workerId },
          { status: 'available', changedSeq: event.seq },
        );
        return;
      case 'worker.deregistered':
        await em.update(
          WorkerRowEntity,
          { workerId: event.payload.workerId },
          { status: 'deregistered', changedSeq: event.seq },
        );
        return;
      default:
        return;
    }
  }
}
