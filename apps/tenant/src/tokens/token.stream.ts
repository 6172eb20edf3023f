import { SYSTEM_TENANT, TENANT_WIDE_NAMESPACE } from '@wharf/names';
import { AggregateLocation } from '../shared/aggregate-location';

/** A tenant's token lives at `wharf.<tenant>._.token.<tokenId>`: one subject per token. */
export function tokenLocation(tenant: string, tokenId: string): AggregateLocation {
  return { tenant, namespace: TENANT_WIDE_NAMESPACE, aggregate: { type: 'token', id: tokenId } };
}

/** The one operator token lives at a fixed subject, so "create it once" is an empty-subject check. */
export const OPERATOR_TOKEN_LOCATION: AggregateLocation = {
  tenant: SYSTEM_TENANT,
  namespace: TENANT_WIDE_NAMESPACE,
  aggregate: { type: 'token', id: 'operator' },
};
