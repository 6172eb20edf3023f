import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequestScope, Requires, Scope } from '@wharf/auth';
import { CreateTenantDto } from './dtos/create-tenant.dto';
import { TenantView } from './dtos/tenant.view';
import { UpdateTenantDto } from './dtos/update-tenant.dto';
import { TenantSlugPipe } from './tenant-slug.pipe';
import { ArchiveTenantCommand } from './usecases/archive-tenant/archive-tenant.command';
import { ArchiveTenantUseCase } from './usecases/archive-tenant/archive-tenant.usecase';
import { CreateTenantCommand } from './usecases/create-tenant/create-tenant.command';
import { CreateTenantUseCase } from './usecases/create-tenant/create-tenant.usecase';
import { GetTenantCommand } from './usecases/get-tenant/get-tenant.command';
import { GetTenantUseCase } from './usecases/get-tenant/get-tenant.usecase';
import { ListTenantsCommand } from './usecases/list-tenants/list-tenants.command';
import { ListTenantsUseCase } from './usecases/list-tenants/list-tenants.usecase';
import { UpdateTenantCommand } from './usecases/update-tenant/update-tenant.command';
import { UpdateTenantUseCase } from './usecases/update-tenant/update-tenant.usecase';

@ApiTags('tenants')
@ApiBearerAuth()
@Controller('api/v1/tenants')
export class TenantsController {
  constructor(
    private readonly createTenant: CreateTenantUseCase,
    private readonly listTenants: ListTenantsUseCase,
    private readonly getTenant: GetTenantUseCase,
    private readonly updateTenant: UpdateTenantUseCase,
    private readonly archiveTenant: ArchiveTenantUseCase,
  ) {}

  @Post()
  @Requires('tenants:create')
  @ApiCreatedResponse({ type: TenantView, description: 'Operator token only (403 otherwise).' })
  create(@Scope() scope: RequestScope, @Body() body: CreateTenantDto): Promise<TenantView> {
    return this.createTenant.execute(
      new CreateTenantCommand(scope, body.name, body.purpose, body.slug ?? undefined, body.description ?? undefined),
    );
  }

  @Get()
  @Requires('tenant:read')
  @ApiOkResponse({ type: [TenantView], description: 'Operator: every tenant; tenant token: its own.' })
  list(@Scope() scope: RequestScope): Promise<TenantView[]> {
    return this.listTenants.execute(new ListTenantsCommand(scope));
  }

  @Get(':tenant')
  @Requires('tenant:read')
  @ApiOkResponse({ type: TenantView })
  show(@Scope() scope: RequestScope, @Param('tenant', TenantSlugPipe) tenant: string): Promise<TenantView> {
    return this.getTenant.execute(new GetTenantCommand(scope, tenant));
  }

  @Patch(':tenant')
  @Requires('tenant:write')
  @ApiOkResponse({
    type: TenantView,
    description: 'Operator, or an admin token of the tenant not bound to a namespace. 409 for an archived tenant.',
  })
  update(
    @Scope() scope: RequestScope,
    @Param('tenant', TenantSlugPipe) tenant: string,
    @Body() body: UpdateTenantDto,
  ): Promise<TenantView> {
    return this.updateTenant.execute(
      new UpdateTenantCommand(scope, tenant, body.name ?? undefined, body.description ?? undefined),
    );
  }

  @Post(':tenant/archive')
  @Requires('tenants:archive')
  @HttpCode(200)
  @ApiOkResponse({
    type: TenantView,
    description:
      'Operator token only. Irreversible: every token of the tenant is refused from now on. 409 if already archived.',
  })
  archive(@Scope() scope: RequestScope, @Param('tenant', TenantSlugPipe) tenant: string): Promise<TenantView> {
    return this.archiveTenant.execute(new ArchiveTenantCommand(scope, tenant));
  }
}
