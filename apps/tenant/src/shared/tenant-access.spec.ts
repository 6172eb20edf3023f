import { RequestScope } from '@wharf/auth';
import { canAccessTenant } from './tenant-access';

const operator: RequestScope = { tenant: '_', namespace: 'default', actor: 'op', operator: true, role: 'admin' };
const acme: RequestScope = { tenant: 'acme', namespace: 'default', actor: 't1', operator: false, role: 'admin' };
const acmeViewer: RequestScope = { ...acme, actor: 't2', role: 'viewer' };

describe('canAccessTenant', () => {
  it('lets the operator reach every tenant', () => {
    expect(canAccessTenant(operator, 'acme')).toBe(true);
    expect(canAccessTenant(operator, 'globex')).toBe(true);
  });

  it('lets a tenant token reach its own tenant only, whatever its role', () => {
    expect(canAccessTenant(acme, 'acme')).toBe(true);
    expect(canAccessTenant(acme, 'globex')).toBe(false);
    expect(canAccessTenant(acmeViewer, 'acme')).toBe(true);
    expect(canAccessTenant(acmeViewer, 'globex')).toBe(false);
  });
});
