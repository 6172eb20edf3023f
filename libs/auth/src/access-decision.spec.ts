import fc from 'fast-check';
import { TOKEN_ROLES } from '@wharf/events';
import { AccessRequest, decideAccess } from './access-decision';
import { OPERATOR_PERMISSIONS, Permission, ROLE_PERMISSIONS, TENANT_WIDE_PERMISSIONS } from './permission';
import { Principal } from './principal';

const ALL_PERMISSIONS: Permission[] = [
  'tenants:create',
  'tenants:archive',
  'operator:rotate',
  'tenant:read',
  'tenant:write',
  'tokens:manage',
  'workflows:read',
  'workflows:write',
  'workers:read',
  'workers:write',
  'assignments:receive',
  'step-runs:report',
  'events:read',
  'events:push',
  'runs:read',
  'namespaces:read',
  'schedules:read',
  'schedules:write',
  'audit:read',
  'history:verify',
  'replays:read',
  'replays:write',
];

const admin: Principal = { tokenId: 'a1', tenant: 'acme', operator: false, role: 'admin', namespace: null };
const operator: Principal = { tokenId: 'op', tenant: '_', operator: true, role: 'admin', namespace: null };

function request(principal: Principal, permission: Permission, headers: Partial<AccessRequest> = {}): AccessRequest {
  return { principal, permission, namespaceHeader: undefined, tenantHeader: undefined, ...headers };
}

function statusOf(input: AccessRequest): number {
  const decision = decideAccess(input);
  return decision.granted ? 200 : decision.refusal.statusCode;
}

describe('decideAccess', () => {
  describe('roles', () => {
    const table: [string, Permission[]][] = [
      ['admin', ALL_PERMISSIONS.filter((p) => !['tenants:create', 'tenants:archive', 'operator:rotate'].includes(p))],
      ['worker', ['tenant:read', 'workers:read', 'workers:write', 'assignments:receive', 'step-runs:report']],
      ['publisher', ['tenant:read', 'events:read', 'events:push', 'runs:read']],
      [
        'viewer',
        [
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
        ],
      ],
    ];

    it.each(table)('%s may do exactly what the role table says', (role, allowed) => {
      const principal: Principal = { ...admin, role: role as Principal['role'] };
      for (const permission of ALL_PERMISSIONS) {
        expect([permission, statusOf(request(principal, permission))]).toEqual([
          permission,
          allowed.includes(permission) ? 200 : 403,
        ]);
      }
    });

    it('names the role and the permission when it refuses', () => {
      const decision = decideAccess(request({ ...admin, role: 'viewer' }, 'events:push'));
      expect(decision).toEqual({
        granted: false,
        refusal: {
          statusCode: 403,
          field: 'authorization',
          rule: 'role "viewer" does not allow events:push',
          message: 'this token\'s role "viewer" does not allow events:push',
        },
      });
    });

    it('never lets a tenant role create or archive tenants or rotate the operator token', () => {
      for (const role of TOKEN_ROLES) {
        for (const permission of ['tenants:create', 'tenants:archive', 'operator:rotate'] as Permission[]) {
          expect(statusOf(request({ ...admin, role }, permission))).toBe(403);
        }
      }
    });
  });

  describe('scope', () => {
    it('acts in the token tenant and the namespace of the header, default "default"', () => {
      expect(decideAccess(request(admin, 'events:push'))).toEqual({
        granted: true,
        scope: { tenant: 'acme', namespace: 'default', actor: 'a1', operator: false, role: 'admin' },
      });
      const inAb = decideAccess(request(admin, 'events:push', { namespaceHeader: 'ab' }));
      expect(inAb.granted && inAb.scope.namespace).toBe('ab');
    });

    it('refuses a namespace header that breaks the name rules with a 400', () => {
      const decision = decideAccess(request(admin, 'events:push', { namespaceHeader: 'a.b' }));
      expect(decision.granted).toBe(false);
      expect(!decision.granted && decision.refusal).toMatchObject({ statusCode: 400, field: 'X-Wharf-Namespace' });
    });

    it('refuses a tenant token that names another tenant', () => {
      expect(statusOf(request(admin, 'runs:read', { tenantHeader: 'globex' }))).toBe(403);
      expect(statusOf(request(admin, 'runs:read', { tenantHeader: 'acme' }))).toBe(200);
    });
  });

  describe('namespace-bound tokens', () => {
    const bound: Principal = { ...admin, namespace: 'ab' };

    it('act in their namespace when no header is sent', () => {
      const decision = decideAccess(request(bound, 'events:push'));
      expect(decision.granted && decision.scope.namespace).toBe('ab');
    });

    it('carry their binding in the scope, so tenant-wide reads narrow to it', () => {
      const decision = decideAccess(request(bound, 'namespaces:read'));
      expect(decision.granted && decision.scope).toMatchObject({ namespace: 'ab', boundNamespace: 'ab' });
      const unbound = decideAccess(request(admin, 'namespaces:read', { namespaceHeader: 'ab' }));
      expect(unbound.granted && unbound.scope.boundNamespace).toBeUndefined();
    });

    it('act in their namespace when the header names it', () => {
      expect(statusOf(request(bound, 'events:push', { namespaceHeader: 'ab' }))).toBe(200);
    });

    it('are refused in any other namespace, naming the binding', () => {
      const decision = decideAccess(request(bound, 'events:push', { namespaceHeader: 'cd' }));
      expect(!decision.granted && decision.refusal).toMatchObject({
        statusCode: 403,
        field: 'X-Wharf-Namespace',
        rule: 'token is bound to namespace "ab"',
      });
      expect(statusOf(request(bound, 'events:push', { namespaceHeader: 'default' }))).toBe(403);
    });

    it.each(TENANT_WIDE_PERMISSIONS)('cannot perform the tenant-wide %s, even as admin', (permission) => {
      expect(statusOf(request(bound, permission))).toBe(403);
      expect(statusOf(request(bound, permission, { namespaceHeader: 'ab' }))).toBe(403);
    });
  });

  describe('the operator token', () => {
    it.each(OPERATOR_PERMISSIONS)('may %s, in the system tenant', (permission) => {
      const decision = decideAccess(request(operator, permission));
      expect(decision.granted && decision.scope.tenant).toBe('_');
    });

    it('is refused inside a tenant without X-Wharf-Tenant', () => {
      for (const permission of ALL_PERMISSIONS.filter((p) => !OPERATOR_PERMISSIONS.includes(p))) {
        expect([permission, statusOf(request(operator, permission))]).toEqual([permission, 403]);
      }
    });

    it('reads inside the tenant it names, as a viewer', () => {
      const decision = decideAccess(request(operator, 'runs:read', { tenantHeader: 'acme' }));
      expect(decision).toEqual({
        granted: true,
        scope: { tenant: 'acme', namespace: 'default', actor: 'op', operator: true, role: 'viewer' },
      });
    });

    it('never writes inside a tenant, even when it names one', () => {
      for (const permission of ['events:push', 'workflows:write', 'workers:write', 'step-runs:report'] as const) {
        expect(statusOf(request(operator, permission, { tenantHeader: 'acme' }))).toBe(403);
      }
    });

    it('cannot name the system tenant or an invalid slug', () => {
      expect(statusOf(request(operator, 'runs:read', { tenantHeader: '_' }))).toBe(400);
      expect(statusOf(request(operator, 'runs:read', { tenantHeader: 'a.>' }))).toBe(400);
    });
  });

  describe('properties', () => {
    const principal = fc.record({
      tokenId: fc.constant('t1'),
      tenant: fc.constantFrom('acme', 'globex'),
      operator: fc.constant(false),
      role: fc.constantFrom(...TOKEN_ROLES),
      namespace: fc.option(fc.constantFrom('ab', 'cd'), { nil: null }),
    });
    const header = fc.option(fc.constantFrom('', 'ab', 'cd', 'default', 'acme', 'globex', 'a.b', '*', '>', '_'), {
      nil: undefined,
    });

    it('a tenant token, when granted, acts in its own tenant, in its bound namespace, within its role', () => {
      fc.assert(
        fc.property(principal, fc.constantFrom(...ALL_PERMISSIONS), header, header, (p, permission, ns, tenant) => {
          const decision = decideAccess({ principal: p, permission, namespaceHeader: ns, tenantHeader: tenant });
          if (!decision.granted) return;
          expect(decision.scope.tenant).toBe(p.tenant);
          expect(ROLE_PERMISSIONS[p.role]).toContain(permission);
          if (p.namespace !== null) expect(decision.scope.namespace).toBe(p.namespace);
          expect(decision.scope.boundNamespace).toBe(p.namespace ?? undefined);
          expect(decision.scope.operator).toBe(false);
        }),
        { numRuns: 5_000 },
      );
    });
  });
});
