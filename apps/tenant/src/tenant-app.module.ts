import { Module } from '@nestjs/common';
import { WharfServiceModule } from '@wharf/service-kit';

@Module({
  imports: [WharfServiceModule.forRoot({ service: 'tenant', projections: [], schemaVersion: 1 })],
})
export class TenantAppModule {}
