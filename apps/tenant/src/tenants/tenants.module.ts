import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TenantEntity } from './tenant.entity';
import { TenantReadModel } from './tenant-read-model';
import { TenantsController } from './tenants.controller';
import { ArchiveTenantUseCase } from './usecases/archive-tenant/archive-tenant.usecase';
import { CreateTenantUseCase } from './usecases/create-tenant/create-tenant.usecase';
import { GetTenantUseCase } from './usecases/get-tenant/get-tenant.usecase';
import { ListTenantsUseCase } from './usecases/list-tenants/list-tenants.usecase';
import { UpdateTenantUseCase } from './usecases/update-tenant/update-tenant.usecase';

@Module({
  imports: [TypeOrmModule.forFeature([TenantEntity])],
  controllers: [TenantsController],
  providers: [
    TenantReadModel,
    CreateTenantUseCase,
    ListTenantsUseCase,
    GetTenantUseCase,
    UpdateTenantUseCase,
    ArchiveTenantUseCase,
  ],
  exports: [TenantReadModel],
})
export class TenantsModule {}
