import { assertName, RESERVED_TOKEN } from './name-rules';

/** The stream's subject root; every domain event lives under `wharf.>`. */
export const SUBJECT_ROOT = 'wharf';

/** Aggregate types, the fourth subject token. */
export type AggregateType =
  'tenant' | 'token' | 'worker' | 'workflow' | 'event' | 'run' | 'cron' | 'schedule' | 'seal' | 'replay';

const AGGREGATE_TYPES: ReadonlySet<string> = new Set<AggregateType>([
  'tenant',
  'token',
  'worker',
  'workflow',
  'event',
  'run',
  'cron',
  'schedule',
  'seal',
  'replay',
]);

const AGGREGATE_ID = /^[a-z0-9][a-z0-9:_-]{0,127}$/;

export interface SubjectParts {
  tenant: string;
  namespace: string;
  aggregateType: AggregateType;
  aggregateId: string;
}

function assertScopeToken(kind: 'tenant' | 'namespace', value: string): void {
  if (value !== RESERVED_TOKEN) assertName(kind, value);
}

/**
 * `wharf.<tenant>.<namespace>.<aggregate-type>.<aggregate-id>`. Every part is validated, so the
 * result is always exactly five tokens inside the tenant's and namespace's subtree.
 */
export function subjectFor(parts: SubjectParts): string {
  assertScopeToken('tenant', parts.tenant);
  assertScopeToken('namespace', parts.namespace);
  if (!AGGREGATE_TYPES.has(parts.aggregateType)) {
    throw new Error(`unknown aggregate type "${parts.aggregateType}"`);
  }
  if (!AGGREGATE_ID.test(parts.aggregateId)) {
    throw new Error(`aggregate id "${parts.aggregateId}" is not a valid subject token`);
  }
  return [SUBJECT_ROOT, parts.tenant, parts.namespace, parts.aggregateType, parts.aggregateId].join('.');
}

/** Filter selecting a tenant's whole history, optionally narrowed to one namespace. */
export function tenantFilter(tenant: string, namespace?: string): string {
  assertScopeToken('tenant', tenant);
  if (namespace === undefined) return `${SUBJECT_ROOT}.${tenant}.>`;
  assertScopeToken('namespace', namespace);
  return `${SUBJECT_ROOT}.${tenant}.${namespace}.>`;
}

/**
 * The parts of a wharf event subject. Only a subject `subjectFor` could have built is accepted, so
 * the parts returned are valid names (no empty, upper-case or wildcard tokens).
 */
export function parseSubject(subject: string): SubjectParts {
  const tokens = subject.split('.');
  const invalid = new Error(`"${subject}" is not a wharf event subject`);
  if (tokens.length !== 5 || tokens[0] !== SUBJECT_ROOT || !AGGREGATE_TYPES.has(tokens[3])) throw invalid;
  const parts: SubjectParts = {
    tenant: tokens[1],
    namespace: tokens[2],
    aggregateType: tokens[3] as AggregateType,
    aggregateId: tokens[4],
  };
  try {
    subjectFor(parts);
  } catch {
    throw invalid;
  }
  return parts;
}
