import { Module } from '@nestjs/common';
import { WharfServiceModule } from '@wharf/service-kit';
import { OperatorModule } from './operator/operator.module';
import { TenantProjection } from './tenants/tenant.projection';
import { TenantsModule } from './tenants/tenants.module';
import { TokensModule } from './tokens/tokens.module';

@Module({
  imports: [
    WharfServiceModule.forRoot({ service: 'tenant', projections: [new TenantProjection()], schemaVersion: 1 }),
    TenantsModule,
    TokensModule,
    OperatorModule,
  ],
})
export class TenantAppModule {}
