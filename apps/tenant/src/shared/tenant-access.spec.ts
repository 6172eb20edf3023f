import { RequestScope } from '@wharf/auth';
import { canAccessTenant } from './tenant-access';

const operator: RequestScope = { tenant: '_', namespace: 'default', actor: 'op', operator: true };
const acme: RequestScope = { tenant: 'acme', namespace: 'default', actor: 't1', operator: false };

describe('canAccessTenant', () => {
  it('lets the operator reach every tenant', () => {
    expect(canAccessTenant(operator, 'acme')).toBe(true);
    expect(canAccessTenant(operator, 'globex')).toBe(true);
  });

  it('lets a tenant token reach its own tenant only', () => {
    expect(canAccessTenant(acme, 'acme')).toBe(true);
    expect(canAccessTenant(acme, 'globex')).toBe(false);
  });
});
