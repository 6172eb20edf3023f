import { TokenRole } from '@wharf/events';

/**
 * What every handler acts within: the token's tenant and the request's namespace. Handlers take
 * it as a parameter, so none can be written without a scope.
 */
export interface RequestScope {
  tenant: string;
  namespace: string;
  /** The token id that acts; recorded as the actor of every event the request causes. */
  actor: string;
  /**
   * The operator token: its tenant is the system tenant `_`, or the tenant it reads in with
   * X-Wharf-Tenant (read-only).
   */
  operator: boolean;
  role: TokenRole;
  /**
   * The one namespace a namespace-bound token may act in (then equal to `namespace`); absent for a
   * token that acts in every namespace of its tenant. Tenant-wide reads (the namespaces list) narrow
   * to it.
   */
  boundNamespace?: string;
}
