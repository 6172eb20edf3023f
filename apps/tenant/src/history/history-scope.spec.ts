import { HttpException } from '@nestjs/common';
import { RequestScope } from '@wharf/auth';
import { historyTenantOf } from './history-scope';

const viewer: RequestScope = { tenant: 'acme', namespace: 'default', actor: 't1', operator: false, role: 'viewer' };

function statusOf(run: () => unknown): number | null {
  try {
    run();
    return null;
  } catch (err) {
    return (err as HttpException).getStatus();
  }
}

describe('historyTenantOf', () => {
  it("is the token's tenant, or the tenant the operator reads in", () => {
    expect(historyTenantOf(viewer)).toBe('acme');
    expect(historyTenantOf({ ...viewer, operator: true, tenant: 'other' })).toBe('other');
  });

  it('refuses a token bound to a namespace and the system tenant', () => {
    expect(statusOf(() => historyTenantOf({ ...viewer, boundNamespace: 'default' }))).toBe(403);
    expect(statusOf(() => historyTenantOf({ ...viewer, operator: true, tenant: '_' }))).toBe(403);
  });
});
