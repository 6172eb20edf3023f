import { RequestScope } from '@wharf/auth';

/**
 * The operator sees every tenant; a tenant token sees only its own. Callers answer 404 (not 403)
 * when this is false, so a token cannot learn which other tenants exist.
 */
export function canAccessTenant(scope: RequestScope, tenant: string): boolean {
  return scope.operator || scope.tenant === tenant;
}
