import { TenantView } from '@wharf/sdk';
import { formatFields, formatTable } from '../support/table';
import { TENANT_COLUMNS, tenantFields } from './tenant-text';

const acme: TenantView = {
  slug: 'acme-staging',
  name: 'Acme staging',
  purpose: 'staging',
  description: null,
  createdAt: '2030-01-01T10:00:00.000Z',
  archived: false,
  archivedAt: null,
};

const old: TenantView = {
  ...acme,
  slug: 'old',
  name: 'Old',
  purpose: 'development',
  description: 'replaced by acme-staging',
  archived: true,
  archivedAt: '2030-01-05T10:00:00.000Z',
};

describe('tenant text', () => {
  it('lists archived tenants too, with when they were archived', () => {
    expect(formatTable([acme, old], TENANT_COLUMNS).split('\n')).toEqual([
      'SLUG          NAME          PURPOSE      CREATED            ARCHIVED           DESCRIPTION',
      'acme-staging  Acme staging  staging      2030-01-01 10:00Z  no                 -',
      'old           Old           development  2030-01-01 10:00Z  2030-01-05 10:00Z  replaced by acme-staging',
    ]);
  });

  it('shows one tenant with its description and whether it is archived', () => {
    expect(formatFields(tenantFields(old)).split('\n')).toEqual([
      'slug         old',
      'name         Old',
      'purpose      development',
      'description  replaced by acme-staging',
      'created      2030-01-01T10:00:00.000Z',
      'archived     2030-01-05T10:00:00.000Z',
    ]);
  });
});
