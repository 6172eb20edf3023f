import { RequestScope } from '@wharf/auth';
import { forbidden } from '@wharf/service-kit';

/** Dispatch acts inside one tenant: the operator token (which belongs to none) is refused. */
export function requireTenantScope(scope: RequestScope): RequestScope {
  if (scope.operator) throw forbidden('the operator token cannot act inside a tenant; use a token of the tenant');
  return scope;
}
