import { TENANT_WIDE_NAMESPACE } from '@wharf/names';
import { AggregateLocation } from '../shared/aggregate-location';

/** A tenant's own events live at `wharf.<slug>._.tenant.<slug>`: one subject per tenant. */
export function tenantLocation(slug: string): AggregateLocation {
  return { tenant: slug, namespace: TENANT_WIDE_NAMESPACE, aggregate: { type: 'tenant', id: slug } };
}
