import { Module } from '@nestjs/common';
import { WharfServiceModule } from '@wharf/service-kit';
import { HistoryModule } from './history/history.module';
import { OperatorModule } from './operator/operator.module';
import { TenantProjection } from './tenants/tenant.projection';
import { TenantsModule } from './tenants/tenants.module';
import { TokensModule } from './tokens/tokens.module';

@Module({
  imports: [
    // Tenants and tokens are tenant-wide aggregates (namespace `_`): nothing else reaches this read model.
    WharfServiceModule.forRoot({
      service: 'tenant',
      projections: [new TenantProjection()],
      schemaVersion: 2,
      filterSubject: 'wharf.*._.>',
    }),
    TenantsModule,
    TokensModule,
    OperatorModule,
    HistoryModule.forRoot(),
  ],
})
export class TenantAppModule {}
