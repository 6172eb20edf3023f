import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RequestScope } from '@wharf/auth';
import { ProjectionRunner } from '@wharf/projections';
import { WorkerEntity } from '../workers/worker.entity';
import { NamespaceEntity } from './namespace.entity';
import { toNamespaceView, NamespaceView } from './namespace.view';

/** How long a list waits for the read model to catch up with the stream before answering anyway. */
const CATCH_UP_MS = 2_000;

/** Reads the namespaces of the request's tenant only; a namespace-bound token sees its own only. */
@Injectable()
export class NamespaceLookup {
  constructor(
    @InjectRepository(NamespaceEntity) private readonly namespaces: Repository<NamespaceEntity>,
    @InjectRepository(WorkerEntity) private readonly workers: Repository<WorkerEntity>,
    private readonly runner: ProjectionRunner,
  ) {}

  /**
   * Every namespace seen in the tenant, by name. Events are pushed through another service: the
   * read model first catches up with the stream (bounded), so a list right after a push counts it.
   */
  async list(scope: RequestScope): Promise<NamespaceView[]> {
    await this.runner.catchUp(CATCH_UP_MS).catch(() => undefined);
    const where = {
      tenant: scope.tenant,
      ...(scope.boundNamespace !== undefined ? { namespace: scope.boundNamespace } : {}),
    };
    const rows = await this.namespaces.find({ where, order: { namespace: 'ASC' } });
    const available = await this.workers
      .createQueryBuilder('worker')
      .select('worker.namespace', 'namespace')
      .addSelect('COUNT(*)', 'available')
      .where({ ...where, status: 'available' })
      .groupBy('worker.namespace')
      .getRawMany<{ namespace: string; available: number }>();
    const availableIn = new Map(available.map((row) => [row.namespace, Number(row.available)]));
    return rows.map((row) => toNamespaceView(row, availableIn.get(row.namespace) ?? 0));
  }
}
