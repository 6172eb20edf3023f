import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RequestScope } from '@wharf/auth';
import { assertName } from '@wharf/names';
import { ProjectionRunner } from '@wharf/projections';
import { notFound } from '@wharf/service-kit';
import { WorkflowEntity } from './workflow.entity';

/** Reads workflows of the request's tenant and namespace only. */
@Injectable()
export class WorkflowLookup {
  constructor(
    @InjectRepository(WorkflowEntity) private readonly workflows: Repository<WorkflowEntity>,
    private readonly runner: ProjectionRunner,
  ) {}

  /** The workflow's current row, or null when this read model has none (it may lag the stream). */
  find(scope: RequestScope, name: string): Promise<WorkflowEntity | null> {
    return this.workflows.findOneBy({ tenant: scope.tenant, namespace: scope.namespace, name });
  }

  /** The workflow, or a 404; a miss first catches the read model up with the stream. */
  async get(scope: RequestScope, name: string): Promise<WorkflowEntity> {
    assertName('workflow', name, 'name');
    let row = await this.find(scope, name);
    if (row === null) {
      await this.runner.catchUp();
      row = await this.find(scope, name);
    }
    if (row === null) throw notFound('workflow', name);
    return row;
  }

  list(scope: RequestScope): Promise<WorkflowEntity[]> {
    return this.workflows.find({ where: { tenant: scope.tenant, namespace: scope.namespace }, order: { name: 'ASC' } });
  }
}
