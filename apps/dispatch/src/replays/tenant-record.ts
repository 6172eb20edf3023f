import { EventStore } from '@wharf/event-store';
import { EventEnvelope, TenantPurpose } from '@wharf/events';
import { subjectFor, TENANT_WIDE_NAMESPACE } from '@wharf/names';

export type TenantRecord = { status: 'absent' } | { status: 'active' | 'archived'; purpose: TenantPurpose };

/** The tenant's own subject (`wharf.<slug>._.tenant.<slug>`), where the tenant service records it. */
export function tenantSubject(slug: string): string {
  return subjectFor({ tenant: slug, namespace: TENANT_WIDE_NAMESPACE, aggregateType: 'tenant', aggregateId: slug });
}

/**
 * Whether a tenant exists and is archived, read from its own subject in the stream (the dispatch
 * read model keeps no tenants): never behind, whichever service recorded it a moment ago.
 */
export async function readTenantRecord(store: EventStore, slug: string): Promise<TenantRecord> {
  const events = await store.readSubject(tenantSubject(slug));
  let purpose: TenantPurpose | null = null;
  let archived = false;
  for (const event of events) {
    if (event.type === 'tenant.created') purpose = (event as EventEnvelope<'tenant.created'>).payload.purpose;
    else if (event.type === 'tenant.archived') archived = true;
  }
  if (purpose === null) return { status: 'absent' };
  return { status: archived ? 'archived' : 'active', purpose };
}
