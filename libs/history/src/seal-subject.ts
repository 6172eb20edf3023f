import { SUBJECT_ROOT, subjectFor, TENANT_WIDE_NAMESPACE } from '@wharf/names';

/** A tenant's seals form one aggregate: `seal`/`history` in the tenant-wide namespace. */
export const SEAL_AGGREGATE = { type: 'seal', id: 'history' } as const;

/** `wharf.<tenant>._.seal.history`, the subject of every seal of `tenant` (also for the system tenant `_`). */
export function sealSubject(tenant: string): string {
  return subjectFor({
    tenant,
    namespace: TENANT_WIDE_NAMESPACE,
    aggregateType: SEAL_AGGREGATE.type,
    aggregateId: SEAL_AGGREGATE.id,
  });
}

/** Filter matching the seal subject of every tenant. */
export const ALL_SEALS_FILTER = `${SUBJECT_ROOT}.*.${TENANT_WIDE_NAMESPACE}.${SEAL_AGGREGATE.type}.${SEAL_AGGREGATE.id}`;

/** The tenant token of a wharf subject (`wharf.<tenant>.…`), or null for any other subject. */
export function tenantOfSubject(subject: string): string | null {
  const tokens = subject.split('.', 3);
  return tokens.length >= 3 && tokens[0] === SUBJECT_ROOT ? tokens[1] : null;
}

/** Whether `subject` is the seal subject of its tenant. */
export function isSealSubject(subject: string): boolean {
  const tokens = subject.split('.');
  return (
    tokens.length === 5 &&
    tokens[0] === SUBJECT_ROOT &&
    tokens[2] === TENANT_WIDE_NAMESPACE &&
    tokens[3] === SEAL_AGGREGATE.type &&
    tokens[4] === SEAL_AGGREGATE.id
  );
}
