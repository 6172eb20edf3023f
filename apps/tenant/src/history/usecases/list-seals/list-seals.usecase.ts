import { Injectable } from '@nestjs/common';
import { EventStore } from '@wharf/event-store';
import { listSeals, tenantHistorySource } from '@wharf/history';
import { notFound } from '@wharf/service-kit';
import { TenantReadModel } from '../../../tenants/tenant-read-model';
import { SealView } from '../../dtos/seal.view';
import { historyTenantOf } from '../../history-scope';
import { ListSealsCommand } from './list-seals.command';

/** The tenant's seals in chain order, without their entries. */
@Injectable()
export class ListSealsUseCase {
  constructor(
    private readonly store: EventStore,
    private readonly tenants: TenantReadModel,
  ) {}

  async execute(command: ListSealsCommand): Promise<SealView[]> {
    const tenant = historyTenantOf(command.scope);
    if ((await this.tenants.find(tenant)) === null) throw notFound('tenant', tenant);
    return listSeals(tenantHistorySource(this.store, tenant), command.after, command.limit);
  }
}
