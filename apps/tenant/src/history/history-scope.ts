import { RequestScope } from '@wharf/auth';
import { forbidden, requireTenantScope } from '@wharf/service-kit';

/**
 * The tenant whose history a request verifies: the token's own, or the one the operator names with
 * X-Wharf-Tenant. Seals cover the whole tenant, every namespace: a token bound to one namespace
 * may not read what they list.
 */
export function historyTenantOf(scope: RequestScope): string {
  const { tenant } = requireTenantScope(scope);
  if (scope.boundNamespace !== undefined) {
    throw forbidden(
      `this token is bound to namespace "${scope.boundNamespace}": the history covers every namespace of the tenant; use a token not bound to a namespace`,
    );
  }
  return tenant;
}
