import { RequestScope } from '@wharf/auth';
import { SYSTEM_TENANT } from '@wharf/names';
import { forbidden } from './http-errors-helpers';

/**
 * Workers, workflows, events and runs belong to a tenant and a namespace. The guard already
 * refuses the operator token there unless it reads in a tenant it named (X-Wharf-Tenant); this
 * keeps a handler from ever acting in the system tenant `_` should a route be mis-declared.
 */
export function requireTenantScope(scope: RequestScope): RequestScope {
  if (scope.tenant === SYSTEM_TENANT) {
    throw forbidden('the operator token belongs to no tenant: use a token of the tenant that owns the resource');
  }
  return scope;
}
