import { TenantView } from '@wharf/sdk';
import { shortTime } from '../support/short-time';
import { Column } from '../support/table';

/** `no` for an active tenant, else when it was archived. */
export function archivedText(tenant: Pick<TenantView, 'archived' | 'archivedAt'>): string {
  if (!tenant.archived) return 'no';
  return tenant.archivedAt ?? 'yes';
}

/** The columns of `wharf tenants list`; archived tenants are listed too, marked. */
export const TENANT_COLUMNS: Column<TenantView>[] = [
  { header: 'slug', value: (t) => t.slug },
  { header: 'name', value: (t) => t.name },
  { header: 'purpose', value: (t) => t.purpose },
  { header: 'created', value: (t) => shortTime(t.createdAt) },
  { header: 'archived', value: (t) => shortTime(archivedText(t)) },
  { header: 'description', value: (t) => t.description },
];

/** One tenant as `tenants create|show|rename|describe|archive` show it. */
export function tenantFields(tenant: TenantView): [string, unknown][] {
  return [
    ['slug', tenant.slug],
    ['name', tenant.name],
    ['purpose', tenant.purpose],
    ['description', tenant.description],
    ['created', tenant.createdAt],
    ['archived', archivedText(tenant)],
  ];
}
