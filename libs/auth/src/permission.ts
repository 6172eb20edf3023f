import { SetMetadata } from '@nestjs/common';
import { TokenRole } from '@wharf/events';

/**
 * What a route does, in the words the role table uses. Every route that is not @Public() declares
 * one with @Requires(); the guard refuses a route that declares none, so a new route cannot be
 * left open by forgetting it.
 */
export type Permission =
  | 'tenants:create'
  | 'tenants:archive'
  | 'operator:rotate'
  | 'tenant:read'
  | 'tenant:write'
  | 'tokens:manage'
  | 'workflows:read'
  | 'workflows:write'
  | 'workers:read'
  | 'workers:write'
  | 'assignments:receive'
  | 'step-runs:report'
  | 'events:read'
  | 'events:push'
  | 'runs:read'
  | 'namespaces:read'
  | 'schedules:read'
  | 'schedules:write'
  | 'audit:read'
  | 'history:verify'
  | 'replays:read'
  | 'replays:write';

const READS: readonly Permission[] = [
  'tenant:read',
  'workflows:read',
  'workers:read',
  'events:read',
  'runs:read',
  'namespaces:read',
  'schedules:read',
  'audit:read',
  'history:verify',
  'replays:read',
];

/** What each tenant role may do inside its tenant. */
export const ROLE_PERMISSIONS: Readonly<Record<TokenRole, readonly Permission[]>> = {
  admin: [
    ...READS,
    'tenant:write',
    'tokens:manage',
    'workflows:write',
    'workers:write',
    'assignments:receive',
    'step-runs:report',
    'events:push',
    'schedules:write',
    'replays:write',
  ],
  // Not 'namespaces:read' for worker and publisher: the list counts workflows, workers and events
  // of every namespace, more than either role may read.
  worker: ['tenant:read', 'workers:read', 'workers:write', 'assignments:receive', 'step-runs:report'],
  publisher: ['tenant:read', 'events:read', 'events:push', 'runs:read'],
  viewer: READS,
};

/** Acts on the tenant as a whole: a token bound to one namespace may not perform them. */
export const TENANT_WIDE_PERMISSIONS: readonly Permission[] = [
  'tenant:write',
  'tokens:manage',
  'replays:write',
  // A replay's record and the seals cover every namespace of the tenant.
  'replays:read',
  'history:verify',
];

/** The operator token manages tenants and their tokens; it runs nothing inside a tenant. */
export const OPERATOR_PERMISSIONS: readonly Permission[] = [
  'tenants:create',
  'tenants:archive',
  'operator:rotate',
  // A replay copies one tenant's history into another: the operator may start one between any two.
  'replays:write',
  'tenant:read',
  'tenant:write',
  'tokens:manage',
];

/**
 * What the operator may do inside a tenant it names with X-Wharf-Tenant: read, never write, so an
 * archived tenant's history stays readable.
 */
export const OPERATOR_READS_IN_TENANT: readonly Permission[] = ROLE_PERMISSIONS.viewer;

export const REQUIRED_PERMISSION = 'wharf:permission';

/** Declares the permission a route needs. */
export const Requires = (permission: Permission): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_PERMISSION, permission);

export function roleAllows(role: TokenRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
