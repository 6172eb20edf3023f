import { Injectable } from '@nestjs/common';
import { notFound } from '@wharf/service-kit';
import { canAccessTenant } from '../../../shared/tenant-access';
import { TenantReadModel } from '../../tenant-read-model';
import { TenantView } from '../../dtos/tenant.view';
import { GetTenantCommand } from './get-tenant.command';

@Injectable()
export class GetTenantUseCase {
  constructor(private readonly tenants: TenantReadModel) {}

  /** 404 both for a tenant that does not exist and for one the token may not see. */
  async execute(command: GetTenantCommand): Promise<TenantView> {
    if (!canAccessTenant(command.scope, command.tenant)) throw notFound('tenant', command.tenant);
    const tenant = await this.tenants.find(command.tenant);
    if (tenant === null) throw notFound('tenant', command.tenant);
    return TenantView.of(tenant);
  }
}
