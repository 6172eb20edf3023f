import { Injectable } from '@nestjs/common';
import { EventStore } from '@wharf/event-store';
import { tenantHistorySource, VerificationReport, verifyStoredHistory } from '@wharf/history';
import { notFound } from '@wharf/service-kit';
import { TenantReadModel } from '../../../tenants/tenant-read-model';
import { historyTenantOf } from '../../history-scope';
import { VerifyHistoryCommand } from './verify-history.command';

/** Verifies the tenant's history against its seals, as it stands when the request arrives. */
@Injectable()
export class VerifyHistoryUseCase {
  constructor(
    private readonly store: EventStore,
    private readonly tenants: TenantReadModel,
  ) {}

  /** Checks the request may verify, before any answer is sent (a refusal is a plain JSON error). */
  async tenantOf(command: VerifyHistoryCommand): Promise<string> {
    const tenant = historyTenantOf(command.scope);
    if ((await this.tenants.find(tenant)) === null) throw notFound('tenant', tenant);
    return tenant;
  }

  execute(command: VerifyHistoryCommand, tenant: string): Promise<VerificationReport> {
    return verifyStoredHistory(tenantHistorySource(this.store, tenant), tenant, {
      anchor: command.anchor,
      onProgress: command.onProgress,
      signal: command.signal,
    });
  }
}
