import { DEFAULT_NAMESPACE, nameRuleViolation, SYSTEM_TENANT } from '@wharf/names';
import {
  OPERATOR_PERMISSIONS,
  OPERATOR_READS_IN_TENANT,
  Permission,
  roleAllows,
  TENANT_WIDE_PERMISSIONS,
} from './permission';
import { Principal } from './principal';
import { RequestScope } from './request-scope';

export interface AccessRequest {
  principal: Principal;
  permission: Permission;
  /** X-Wharf-Namespace as sent, or undefined. */
  namespaceHeader: string | undefined;
  /** X-Wharf-Tenant as sent, or undefined. */
  tenantHeader: string | undefined;
}

export interface AccessRefusal {
  statusCode: 400 | 403;
  message: string;
  field: string;
  rule: string;
}

export type AccessDecision = { granted: true; scope: RequestScope } | { granted: false; refusal: AccessRefusal };

function refuse(statusCode: 400 | 403, field: string, rule: string, message: string): AccessDecision {
  return { granted: false, refusal: { statusCode, field, rule, message } };
}

function headerViolation(field: string, kind: 'namespace' | 'tenant', value: string): AccessDecision | null {
  const violation = nameRuleViolation(kind, value);
  return violation === null ? null : refuse(400, field, violation, `${field} ${violation}`);
}

function operatorAccess(request: AccessRequest, namespace: string): AccessDecision {
  const { principal, permission, tenantHeader } = request;
  const base = { namespace, actor: principal.tokenId, operator: true, role: principal.role } as const;
  if (OPERATOR_PERMISSIONS.includes(permission)) {
    return { granted: true, scope: { ...base, tenant: SYSTEM_TENANT } };
  }
  if (tenantHeader !== undefined && OPERATOR_READS_IN_TENANT.includes(permission)) {
    return { granted: true, scope: { ...base, tenant: tenantHeader, role: 'viewer' } };
  }
  return refuse(
    403,
    'authorization',
    tenantHeader === undefined
      ? 'operator token acts on tenants and tokens only'
      : 'operator token only reads inside a tenant',
    tenantHeader === undefined
      ? 'the operator token belongs to no tenant: use a token of the tenant (or X-Wharf-Tenant to read one)'
      : 'the operator token may only read inside a tenant (X-Wharf-Tenant); use a token of the tenant to change it',
  );
}

/**
 * Decides whether a valid token may perform `permission`, and in which scope. Pure: every rule of
 * roles, namespace binding and the operator lives here, and the guard only carries the answer.
 */
export function decideAccess(request: AccessRequest): AccessDecision {
  const { principal, permission, namespaceHeader, tenantHeader } = request;
  const sentNamespace = namespaceHeader === undefined || namespaceHeader === '' ? undefined : namespaceHeader;
  const sentTenant = tenantHeader === undefined || tenantHeader === '' ? undefined : tenantHeader;
  if (sentNamespace !== undefined) {
    const invalid = headerViolation('X-Wharf-Namespace', 'namespace', sentNamespace);
    if (invalid) return invalid;
  }
  if (sentTenant !== undefined) {
    const invalid = headerViolation('X-Wharf-Tenant', 'tenant', sentTenant);
    if (invalid) return invalid;
  }
  if (principal.operator) {
    return operatorAccess({ ...request, tenantHeader: sentTenant }, sentNamespace ?? DEFAULT_NAMESPACE);
  }
  if (sentTenant !== undefined && sentTenant !== principal.tenant) {
    return refuse(
      403,
      'X-Wharf-Tenant',
      'only the operator token names a tenant',
      'a tenant token acts in its own tenant only',
    );
  }
  if (!roleAllows(principal.role, permission)) {
    return refuse(
      403,
      'authorization',
      `role "${principal.role}" does not allow ${permission}`,
      `this token's role "${principal.role}" does not allow ${permission}`,
    );
  }
  if (principal.namespace !== null) {
    if (TENANT_WIDE_PERMISSIONS.includes(permission)) {
      return refuse(
        403,
        'authorization',
        'tenant-wide acts need a token not bound to a namespace',
        `this token is bound to namespace "${principal.namespace}" and cannot perform ${permission}, which acts on the whole tenant`,
      );
    }
    if (sentNamespace !== undefined && sentNamespace !== principal.namespace) {
      return refuse(
        403,
        'X-Wharf-Namespace',
        `token is bound to namespace "${principal.namespace}"`,
        `this token is bound to namespace "${principal.namespace}" and cannot act in "${sentNamespace}"`,
      );
    }
  }
  return {
    granted: true,
    scope: {
      tenant: principal.tenant,
      namespace: sentNamespace ?? principal.namespace ?? DEFAULT_NAMESPACE,
      actor: principal.tokenId,
      operator: false,
      role: principal.role,
      ...(principal.namespace !== null ? { boundNamespace: principal.namespace } : {}),
    },
  };
}
