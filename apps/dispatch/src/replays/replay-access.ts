import { Authentication, REFUSAL_MESSAGES, RequestScope } from '@wharf/auth';

export const TARGET_TOKEN_HEADER = 'x-wharf-target-token';

export type ReplayAccess =
  { granted: true } | { granted: false; statusCode: 401 | 403 | 404; message: string; field: string };

export interface ReplayAccessRequest {
  /** The scope the guard granted for `replays:write`: the operator, or an unbound admin. */
  scope: RequestScope;
  from: string;
  to: string;
  create: boolean;
  /** X-Wharf-Target-Token, authenticated; undefined when not sent. */
  target: Authentication | undefined;
}

function refuse(statusCode: 401 | 403 | 404, field: string, message: string): ReplayAccess {
  return { granted: false, statusCode, field, message };
}

/**
 * Who may replay from `from` into `to`: the operator token, between any two tenants; or an admin
 * token of `from` not bound to a namespace, together with (X-Wharf-Target-Token) such a token of
 * `to`, so that only someone who is admin in both tenants copies one into the other. Only the
 * operator may create the target. Pure: the guard already authenticated the caller and checked
 * the permission; the controller authenticated the target token.
 */
export function decideReplayAccess(request: ReplayAccessRequest): ReplayAccess {
  const { scope, from, to, create, target } = request;
  if (scope.operator) return { granted: true };
  // Another tenant's source is not revealed to exist.
  if (scope.tenant !== from) return refuse(404, 'from', `tenant "${from}" not found`);
  if (create) return refuse(403, 'create', 'only the operator token creates the target tenant of a replay');
  if (target === undefined) {
    return refuse(
      403,
      'X-Wharf-Target-Token',
      `a tenant token replays only together with an admin token of the target: send X-Wharf-Target-Token with an admin token of "${to}"`,
    );
  }
  if (!target.ok)
    return refuse(401, 'X-Wharf-Target-Token', `X-Wharf-Target-Token: ${REFUSAL_MESSAGES[target.refusal]}`);
  const principal = target.principal;
  if (principal.operator || principal.tenant !== to) {
    return refuse(403, 'X-Wharf-Target-Token', `X-Wharf-Target-Token must be a token of the target tenant "${to}"`);
  }
  if (principal.role !== 'admin' || principal.namespace !== null) {
    return refuse(
      403,
      'X-Wharf-Target-Token',
      `X-Wharf-Target-Token must be an admin token of "${to}" not bound to a namespace (it is ${principal.role}${principal.namespace === null ? '' : ` bound to "${principal.namespace}"`})`,
    );
  }
  return { granted: true };
}
