import { Injectable } from '@nestjs/common';
import { notFound } from '@wharf/service-kit';
import { canAccessTenant } from '../../../shared/tenant-access';
import { TenantReadModel } from '../../../tenants/tenant-read-model';
import { TokenView } from '../../dtos/token.view';
import { TokenReadModel } from '../../token-read-model';
import { ListTokensCommand } from './list-tokens.command';

@Injectable()
export class ListTokensUseCase {
  constructor(
    private readonly tenants: TenantReadModel,
    private readonly tokens: TokenReadModel,
  ) {}

  /** The tenant's tokens, oldest first, revoked ones included; 404 for a tenant out of reach. */
  async execute(command: ListTokensCommand): Promise<TokenView[]> {
    const { scope, tenant } = command;
    if (!canAccessTenant(scope, tenant) || (await this.tenants.find(tenant)) === null) {
      throw notFound('tenant', tenant);
    }
    return this.tokens.list(tenant);
  }
}
