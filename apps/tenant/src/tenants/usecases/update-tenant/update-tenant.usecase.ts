import { Injectable } from '@nestjs/common';
import { EventStore } from '@wharf/event-store';
import { notFound } from '@wharf/service-kit';
import { decideAndAppend } from '../../../shared/decide-and-append';
import { canAccessTenant } from '../../../shared/tenant-access';
import { TenantView } from '../../dtos/tenant.view';
import { tenantRuleAnswer } from '../../tenant-http-errors';
import { TenantReadModel } from '../../tenant-read-model';
import { tenantDecider } from '../../tenant.decider';
import { tenantLocation } from '../../tenant.stream';
import { UpdateTenantCommand } from './update-tenant.command';

@Injectable()
export class UpdateTenantUseCase {
  constructor(
    private readonly store: EventStore,
    private readonly tenants: TenantReadModel,
  ) {}

  /**
   * Renames and/or describes the tenant (`tenant.renamed`, `tenant.described`); what does not change
   * records nothing. 404 for a tenant out of reach, 409 for an archived one. Answers the tenant as
   * it is after the change.
   */
  async execute(command: UpdateTenantCommand): Promise<TenantView> {
    const { scope, tenant, name, description } = command;
    if (!canAccessTenant(scope, tenant)) throw notFound('tenant', tenant);
    const { lastSeq } = await decideAndAppend(this.store, {
      location: tenantLocation(tenant),
      decider: tenantDecider,
      command: { kind: 'update-tenant', slug: tenant, name, description },
      actor: scope.actor,
    }).catch((err: unknown) => {
      throw tenantRuleAnswer(err);
    });
    const row = await this.tenants.findAsOf(tenant, lastSeq);
    if (row === null) throw notFound('tenant', tenant);
    return TenantView.of(row);
  }
}
