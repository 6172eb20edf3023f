import { Authentication, RequestScope } from '@wharf/auth';
import { decideReplayAccess } from './replay-access';

const operator: RequestScope = { tenant: '_', namespace: 'default', actor: 'op', operator: true, role: 'admin' };
const sourceAdmin: RequestScope = { tenant: 'src', namespace: 'default', actor: 'a1', operator: false, role: 'admin' };
const targetAdmin: Authentication = {
  ok: true,
  principal: { tokenId: 't1', tenant: 'dst', operator: false, role: 'admin', namespace: null },
};
const ask = (scope: RequestScope, target: Authentication | undefined, create = false) =>
  decideReplayAccess({ scope, from: 'src', to: 'dst', create, target });

describe('who may replay', () => {
  it('the operator token, between any two tenants, creating the target if asked', () => {
    expect(ask(operator, undefined, true)).toEqual({ granted: true });
  });

  it('an admin of the source together with an unbound admin token of the target', () => {
    expect(ask(sourceAdmin, targetAdmin)).toEqual({ granted: true });
  });

  it('not an admin of the source alone (403 naming the header)', () => {
    expect(ask(sourceAdmin, undefined)).toMatchObject({
      granted: false,
      statusCode: 403,
      field: 'X-Wharf-Target-Token',
    });
  });

  it('not with a revoked, expired or unknown target token (401)', () => {
    for (const refusal of ['revoked', 'expired', 'unknown', 'archived'] as const) {
      expect(ask(sourceAdmin, { ok: false, refusal })).toMatchObject({ granted: false, statusCode: 401 });
    }
  });

  it('not with a target token that is no unbound admin of the target (403)', () => {
    const other = (principal: Partial<Extract<Authentication, { ok: true }>['principal']>): Authentication => ({
      ok: true,
      principal: { ...(targetAdmin as Extract<Authentication, { ok: true }>).principal, ...principal },
    });
    expect(ask(sourceAdmin, other({ role: 'viewer' }))).toMatchObject({ statusCode: 403 });
    expect(ask(sourceAdmin, other({ namespace: 'prod' }))).toMatchObject({ statusCode: 403 });
    expect(ask(sourceAdmin, other({ tenant: 'elsewhere' }))).toMatchObject({ statusCode: 403 });
    expect(ask(sourceAdmin, other({ operator: true, tenant: '_' }))).toMatchObject({ statusCode: 403 });
  });

  it('a tenant token may not create the target (403)', () => {
    expect(ask(sourceAdmin, targetAdmin, true)).toMatchObject({ granted: false, statusCode: 403, field: 'create' });
  });

  it('an admin of another tenant does not learn that the source exists (404)', () => {
    expect(ask({ ...sourceAdmin, tenant: 'other' }, targetAdmin)).toMatchObject({ statusCode: 404, field: 'from' });
  });
});
