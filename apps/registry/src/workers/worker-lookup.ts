import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RequestScope } from '@wharf/auth';
import { ProjectionRunner } from '@wharf/projections';
import { notFound } from '@wharf/service-kit';
import { WorkerEntity } from './worker.entity';

/** Worker ids are server-generated UUIDs; anything else cannot name a worker. */
const WORKER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Reads workers of the request's tenant and namespace only: anyone else's worker does not exist. */
@Injectable()
export class WorkerLookup {
  constructor(
    @InjectRepository(WorkerEntity) private readonly workers: Repository<WorkerEntity>,
    private readonly runner: ProjectionRunner,
  ) {}

  /**
   * The worker, or a 404. A worker registered a moment ago through another instance may not be
   * projected here yet: on a miss the read model first catches up with the stream.
   */
  async get(scope: RequestScope, workerId: string): Promise<WorkerEntity> {
    if (!WORKER_ID.test(workerId)) throw notFound('worker', workerId);
    const where = { workerId, tenant: scope.tenant, namespace: scope.namespace };
    let row = await this.workers.findOneBy(where);
    if (row === null) {
      await this.runner.catchUp();
      row = await this.workers.findOneBy(where);
    }
    if (row === null) throw notFound('worker', workerId);
    return row;
  }

  list(scope: RequestScope): Promise<WorkerEntity[]> {
    return this.workers.find({
      where: { tenant: scope.tenant, namespace: scope.namespace },
      order: { registeredAt: 'ASC', workerId: 'ASC' },
    });
  }
}
