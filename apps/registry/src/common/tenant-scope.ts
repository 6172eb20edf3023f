import { RequestScope } from '@wharf/auth';
import { forbidden } from '@wharf/service-kit';

/**
 * Workers and workflows belong to a tenant and a namespace. The operator token belongs to no tenant
 * (its scope is the system tenant `_`), so it may not register or read them.
 */
export function assertTenantScope(scope: RequestScope): RequestScope {
  if (scope.operator) {
    throw forbidden(
      'the operator token belongs to no tenant: use a token of the tenant that owns the workers and workflows',
    );
  }
  return scope;
}
