import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { TokenEntity } from '@wharf/auth';
import { ProjectionRunner } from '@wharf/projections';
import { notFound } from '@wharf/service-kit';
import { canAccessTenant } from '../../../shared/tenant-access';
import { TenantReadModel } from '../../../tenants/tenant-read-model';
import { TokenView } from '../../dtos/token.view';
import { ListTokensCommand } from './list-tokens.command';

@Injectable()
export class ListTokensUseCase {
  constructor(
    private readonly tenants: TenantReadModel,
    @InjectRepository(TokenEntity) private readonly tokens: Repository<TokenEntity>,
    private readonly runner: ProjectionRunner,
  ) {}

  /** The tenant's tokens, oldest first, revoked ones included; 404 for a tenant out of reach. */
  async execute(command: ListTokensCommand): Promise<TokenView[]> {
    const { scope, tenant } = command;
    if (!canAccessTenant(scope, tenant) || (await this.tenants.find(tenant)) === null) {
      throw notFound('tenant', tenant);
    }
    // A token created a moment ago (possibly by another instance) is listed too.
    await this.runner.catchUp();
    const rows = await this.tokens.find({
      select: { tokenId: true, tenant: true, name: true, createdAt: true, revoked: true },
      where: { tenant, operator: false },
      order: { createdAt: 'ASC', tokenId: 'ASC' },
    });
    return rows.map(TokenView.of);
  }
}
