import { Injectable } from '@nestjs/common';
import { TenantReadModel } from '../../tenant-read-model';
import { TenantView } from '../../dtos/tenant.view';
import { ListTenantsCommand } from './list-tenants.command';

@Injectable()
export class ListTenantsUseCase {
  constructor(private readonly tenants: TenantReadModel) {}

  /** The operator sees every tenant; a tenant token sees only its own. */
  async execute(command: ListTenantsCommand): Promise<TenantView[]> {
    if (command.scope.operator) return (await this.tenants.all()).map(TenantView.of);
    const own = await this.tenants.find(command.scope.tenant);
    return own === null ? [] : [TenantView.of(own)];
  }
}
