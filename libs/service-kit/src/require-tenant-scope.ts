import { RequestScope } from '@wharf/auth';
import { forbidden } from './http-errors-helpers';

/**
 * Workers, workflows, events and runs belong to a tenant and a namespace. The operator token
 * belongs to no tenant (its scope is the system tenant `_`), so it is refused there with a 403.
 */
export function requireTenantScope(scope: RequestScope): RequestScope {
  if (scope.operator) {
    throw forbidden('the operator token belongs to no tenant: use a token of the tenant that owns the resource');
  }
  return scope;
}
