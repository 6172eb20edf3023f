import { Injectable } from '@nestjs/common';
import { EventStore } from '@wharf/event-store';
import { forbidden, notFound } from '@wharf/service-kit';
import { decideAndAppend } from '../../../shared/decide-and-append';
import { TenantView } from '../../dtos/tenant.view';
import { tenantRuleAnswer } from '../../tenant-http-errors';
import { TenantReadModel } from '../../tenant-read-model';
import { tenantDecider } from '../../tenant.decider';
import { tenantLocation } from '../../tenant.stream';
import { ArchiveTenantCommand } from './archive-tenant.command';

@Injectable()
export class ArchiveTenantUseCase {
  constructor(
    private readonly store: EventStore,
    private readonly tenants: TenantReadModel,
  ) {}

  /**
   * Records `tenant.archived`: from then on every token of the tenant is refused, by every service,
   * and its history stays readable to the operator. Irreversible; 409 when already archived.
   * Answers once this service's read model has applied the archive, so the tenant's tokens are
   * refused here as soon as the answer arrives.
   */
  async execute(command: ArchiveTenantCommand): Promise<TenantView> {
    const { scope, tenant } = command;
    if (!scope.operator) throw forbidden('only the operator token can archive tenants');
    const { lastSeq } = await decideAndAppend(this.store, {
      location: tenantLocation(tenant),
      decider: tenantDecider,
      command: { kind: 'archive-tenant', slug: tenant },
      actor: scope.actor,
    }).catch((err: unknown) => {
      throw tenantRuleAnswer(err);
    });
    const row = await this.tenants.findAsOf(tenant, lastSeq);
    if (row === null) throw notFound('tenant', tenant);
    return TenantView.of(row);
  }
}
