import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequestScope, Scope } from '@wharf/auth';
import { CreateTenantDto } from './dtos/create-tenant.dto';
import { TenantSlugPipe } from './tenant-slug.pipe';
import { TenantView } from './dtos/tenant.view';
import { CreateTenantCommand } from './usecases/create-tenant/create-tenant.command';
import { CreateTenantUseCase } from './usecases/create-tenant/create-tenant.usecase';
import { GetTenantCommand } from './usecases/get-tenant/get-tenant.command';
import { GetTenantUseCase } from './usecases/get-tenant/get-tenant.usecase';
import { ListTenantsCommand } from './usecases/list-tenants/list-tenants.command';
import { ListTenantsUseCase } from './usecases/list-tenants/list-tenants.usecase';

@ApiTags('tenants')
@ApiBearerAuth()
@Controller('api/v1/tenants')
export class TenantsController {
  constructor(
    private readonly createTenant: CreateTenantUseCase,
    private readonly listTenants: ListTenantsUseCase,
    private readonly getTenant: GetTenantUseCase,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: TenantView, description: 'Operator token only (403 otherwise).' })
  create(@Scope() scope: RequestScope, @Body() body: CreateTenantDto): Promise<TenantView> {
    return this.createTenant.execute(new CreateTenantCommand(scope, body.name, body.purpose, body.slug ?? undefined));
  }

  @Get()
  @ApiOkResponse({ type: [TenantView], description: 'Operator: every tenant; tenant token: its own.' })
  list(@Scope() scope: RequestScope): Promise<TenantView[]> {
    return this.listTenants.execute(new ListTenantsCommand(scope));
  }

  @Get(':tenant')
  @ApiOkResponse({ type: TenantView })
  show(@Scope() scope: RequestScope, @Param('tenant', TenantSlugPipe) tenant: string): Promise<TenantView> {
    return this.getTenant.execute(new GetTenantCommand(scope, tenant));
  }
}
