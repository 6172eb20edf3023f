import { NameRuleError } from '@wharf/names';
import { foldEvents } from '@wharf/events';
import { given } from '../shared/decider-scenario';
import { TenantAlreadyExistsError, tenantDecider, TenantEvent } from './tenant.decider';

const acmeCreated: TenantEvent = {
  type: 'tenant.created',
  payload: { slug: 'acme', name: 'Acme', purpose: 'staging' },
};

describe('tenant decider', () => {
  describe('create-tenant', () => {
    it('records tenant.created for a slug nobody has', () => {
      given(tenantDecider, [])
        .when({ kind: 'create-tenant', slug: 'acme', name: 'Acme', purpose: 'staging' })
        .then([acmeCreated]);
    });

    it('refuses a slug that already has a tenant, whatever its name and purpose', () => {
      given(tenantDecider, [acmeCreated])
        .when({ kind: 'create-tenant', slug: 'acme', name: 'Another Acme', purpose: 'production' })
        .thenThrows(TenantAlreadyExistsError, /"acme" already exists/);
    });

    it('refuses a slug that breaks the tenant name rule', () => {
      given(tenantDecider, [])
        .when({ kind: 'create-tenant', slug: 'Acme.Prod', name: 'Acme', purpose: 'production' })
        .thenThrows(NameRuleError, /^slug: /);
    });

    it('refuses an unprintable display name', () => {
      given(tenantDecider, [])
        .when({ kind: 'create-tenant', slug: 'acme', name: 'Acme\nInc', purpose: 'production' })
        .thenThrows(NameRuleError, /^name: /);
    });

    it('refuses an unknown purpose', () => {
      given(tenantDecider, [])
        .when({ kind: 'create-tenant', slug: 'acme', name: 'Acme', purpose: 'qa' as never })
        .thenThrows(NameRuleError, /^purpose: must be one of local, development, staging, production/);
    });
  });

  describe('evolve', () => {
    it('starts absent and remembers the created tenant', () => {
      expect(foldEvents(tenantDecider, [])).toEqual({ status: 'absent' });
      expect(foldEvents(tenantDecider, [acmeCreated])).toEqual({
        status: 'created',
        slug: 'acme',
        name: 'Acme',
        purpose: 'staging',
      });
    });

    it('ignores events that are not about the tenant', () => {
      const state = foldEvents(tenantDecider, [acmeCreated]);
      expect(tenantDecider.evolve(state, { type: 'token.revoked', payload: { tokenId: 'x' } })).toBe(state);
    });
  });
});
