import { NameRuleError } from '@wharf/names';
import { foldEvents } from '@wharf/events';
import { given } from '../shared/decider-scenario';
import {
  TenantAlreadyArchivedError,
  TenantAlreadyExistsError,
  TenantArchivedError,
  tenantDecider,
  TenantEvent,
  TenantNotFoundError,
} from './tenant.decider';

const acmeCreated: TenantEvent = {
  type: 'tenant.created',
  payload: { slug: 'acme', name: 'Acme', purpose: 'staging' },
};
const acmeDescribedCreated: TenantEvent = {
  type: 'tenant.created',
  payload: { slug: 'acme', name: 'Acme', purpose: 'staging', description: 'EU pre-production' },
};
const acmeArchived: TenantEvent = { type: 'tenant.archived', payload: { slug: 'acme' } };

describe('tenant decider', () => {
  describe('create-tenant', () => {
    it('records tenant.created for a slug nobody has', () => {
      given(tenantDecider, [])
        .when({ kind: 'create-tenant', slug: 'acme', name: 'Acme', purpose: 'staging' })
        .then([acmeCreated]);
    });

    it('records the description when one is given', () => {
      given(tenantDecider, [])
        .when({
          kind: 'create-tenant',
          slug: 'acme',
          name: 'Acme',
          purpose: 'staging',
          description: 'EU pre-production',
        })
        .then([acmeDescribedCreated]);
    });

    it('leaves an empty description out', () => {
      given(tenantDecider, [])
        .when({ kind: 'create-tenant', slug: 'acme', name: 'Acme', purpose: 'staging', description: '' })
        .then([acmeCreated]);
    });

    it('refuses a slug that already has a tenant, whatever its name and purpose', () => {
      given(tenantDecider, [acmeCreated])
        .when({ kind: 'create-tenant', slug: 'acme', name: 'Another Acme', purpose: 'production' })
        .thenThrows(TenantAlreadyExistsError, /"acme" already exists/);
    });

    it('refuses the slug of an archived tenant: a slug is never reused', () => {
      given(tenantDecider, [acmeCreated, acmeArchived])
        .when({ kind: 'create-tenant', slug: 'acme', name: 'Acme', purpose: 'staging' })
        .thenThrows(TenantAlreadyExistsError);
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

    it('refuses a description over 1000 characters', () => {
      given(tenantDecider, [])
        .when({ kind: 'create-tenant', slug: 'acme', name: 'Acme', purpose: 'staging', description: 'x'.repeat(1001) })
        .thenThrows(NameRuleError, /^description: must be at most 1000 characters/);
    });
  });

  describe('update-tenant', () => {
    it('records tenant.renamed with the previous name', () => {
      given(tenantDecider, [acmeCreated])
        .when({ kind: 'update-tenant', slug: 'acme', name: 'Acme EU' })
        .then([{ type: 'tenant.renamed', payload: { slug: 'acme', previousName: 'Acme', name: 'Acme EU' } }]);
    });

    it('names the latest name as the previous one after several renames', () => {
      given(tenantDecider, [
        acmeCreated,
        { type: 'tenant.renamed', payload: { slug: 'acme', previousName: 'Acme', name: 'Acme EU' } },
      ])
        .when({ kind: 'update-tenant', slug: 'acme', name: 'Acme Europe' })
        .then([{ type: 'tenant.renamed', payload: { slug: 'acme', previousName: 'Acme EU', name: 'Acme Europe' } }]);
    });

    it('records tenant.described', () => {
      given(tenantDecider, [acmeCreated])
        .when({ kind: 'update-tenant', slug: 'acme', description: 'EU pre-production' })
        .then([{ type: 'tenant.described', payload: { slug: 'acme', description: 'EU pre-production' } }]);
    });

    it('records an empty description to remove one', () => {
      given(tenantDecider, [acmeDescribedCreated])
        .when({ kind: 'update-tenant', slug: 'acme', description: '' })
        .then([{ type: 'tenant.described', payload: { slug: 'acme', description: '' } }]);
    });

    it('records both events, renamed first, when both change', () => {
      given(tenantDecider, [acmeCreated])
        .when({ kind: 'update-tenant', slug: 'acme', name: 'Acme EU', description: 'EU pre-production' })
        .then([
          { type: 'tenant.renamed', payload: { slug: 'acme', previousName: 'Acme', name: 'Acme EU' } },
          { type: 'tenant.described', payload: { slug: 'acme', description: 'EU pre-production' } },
        ]);
    });

    it('records nothing when nothing changes', () => {
      given(tenantDecider, [acmeDescribedCreated])
        .when({ kind: 'update-tenant', slug: 'acme', name: 'Acme', description: 'EU pre-production' })
        .thenNothingHappened();
      given(tenantDecider, [acmeCreated]).when({ kind: 'update-tenant', slug: 'acme' }).thenNothingHappened();
      given(tenantDecider, [acmeCreated])
        .when({ kind: 'update-tenant', slug: 'acme', description: '' })
        .thenNothingHappened();
    });

    it('records only what a repeated request still changes', () => {
      given(tenantDecider, [
        acmeCreated,
        { type: 'tenant.renamed', payload: { slug: 'acme', previousName: 'Acme', name: 'Acme EU' } },
      ])
        .when({ kind: 'update-tenant', slug: 'acme', name: 'Acme EU', description: 'EU pre-production' })
        .then([{ type: 'tenant.described', payload: { slug: 'acme', description: 'EU pre-production' } }]);
    });

    it('refuses to change an archived tenant', () => {
      given(tenantDecider, [acmeCreated, acmeArchived])
        .when({ kind: 'update-tenant', slug: 'acme', name: 'Acme EU' })
        .thenThrows(TenantArchivedError, /"acme" is archived/);
      given(tenantDecider, [acmeCreated, acmeArchived])
        .when({ kind: 'update-tenant', slug: 'acme', description: 'gone' })
        .thenThrows(TenantArchivedError);
    });

    it('refuses a tenant that does not exist', () => {
      given(tenantDecider, [])
        .when({ kind: 'update-tenant', slug: 'acme', name: 'Acme' })
        .thenThrows(TenantNotFoundError, /"acme" not found/);
    });

    it('refuses a name or a description that breaks its rule', () => {
      given(tenantDecider, [acmeCreated])
        .when({ kind: 'update-tenant', slug: 'acme', name: '' })
        .thenThrows(NameRuleError, /^name: must not be empty/);
      given(tenantDecider, [acmeCreated])
        .when({ kind: 'update-tenant', slug: 'acme', description: 'bell\u0007' })
        .thenThrows(NameRuleError, /^description: may contain only printable characters/);
    });
  });

  describe('archive-tenant', () => {
    it('records tenant.archived', () => {
      given(tenantDecider, [acmeCreated]).when({ kind: 'archive-tenant', slug: 'acme' }).then([acmeArchived]);
    });

    it('refuses to archive a tenant twice', () => {
      given(tenantDecider, [acmeCreated, acmeArchived])
        .when({ kind: 'archive-tenant', slug: 'acme' })
        .thenThrows(TenantAlreadyArchivedError, /"acme" is already archived/);
    });

    it('refuses a tenant that does not exist', () => {
      given(tenantDecider, []).when({ kind: 'archive-tenant', slug: 'acme' }).thenThrows(TenantNotFoundError);
    });
  });

  describe('evolve', () => {
    it('starts absent and follows the tenant through its events', () => {
      expect(foldEvents(tenantDecider, [])).toEqual({ status: 'absent' });
      expect(foldEvents(tenantDecider, [acmeCreated])).toEqual({
        status: 'active',
        slug: 'acme',
        name: 'Acme',
        purpose: 'staging',
        description: null,
      });
      expect(
        foldEvents(tenantDecider, [
          acmeDescribedCreated,
          { type: 'tenant.renamed', payload: { slug: 'acme', previousName: 'Acme', name: 'Acme EU' } },
          { type: 'tenant.described', payload: { slug: 'acme', description: '' } },
          acmeArchived,
        ]),
      ).toEqual({ status: 'archived', slug: 'acme', name: 'Acme EU', purpose: 'staging', description: null });
    });

    it('ignores events that are not about the tenant', () => {
      const state = foldEvents(tenantDecider, [acmeCreated]);
      expect(tenantDecider.evolve(state, { type: 'token.revoked', payload: { tokenId: 'x' } })).toBe(state);
    });
  });
});
