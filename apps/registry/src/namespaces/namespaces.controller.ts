import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequestScope, Requires, Scope } from '@wharf/auth';
import { requireTenantScope } from '@wharf/service-kit';
import { NamespaceLookup } from './namespace-lookup';
import { NamespaceView } from './namespace.view';

@ApiTags('namespaces')
@ApiBearerAuth()
@Controller('api/v1/namespaces')
export class NamespacesController {
  constructor(private readonly lookup: NamespaceLookup) {}

  /** Every namespace of the tenant (X-Wharf-Namespace does not narrow it); a bound token's only. */
  @Get()
  @Requires('namespaces:read')
  list(@Scope() scope: RequestScope): Promise<NamespaceView[]> {
    return this.lookup.list(requireTenantScope(scope));
  }
}
