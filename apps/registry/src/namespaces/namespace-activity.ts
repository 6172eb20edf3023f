import { AnyStoredEvent } from '@wharf/events';
import { SYSTEM_TENANT, TENANT_WIDE_NAMESPACE } from '@wharf/names';

/** What one event adds to its namespace's counts. */
export interface NamespaceActivity {
  tenant: string;
  namespace: string;
  workers: number;
  workflows: number;
  events: number;
  occurredAt: string;
}

/**
 * What `event` adds to the counts of its namespace, or null when it is not activity of a namespace.
 * Pure and computed from the event alone, so the projection stays one upsert per event. Any other
 * event of a worker, a workflow or a pushed event (a kind recorded later, too) only marks the
 * namespace as seen.
 */
export function namespaceActivityOf(event: AnyStoredEvent): NamespaceActivity | null {
  const aggregateType = event.aggregate.type;
  if (aggregateType !== 'worker' && aggregateType !== 'workflow' && aggregateType !== 'event') return null;
  if (event.namespace === TENANT_WIDE_NAMESPACE || event.tenant === SYSTEM_TENANT) return null;
  const activity = {
    tenant: event.tenant,
    namespace: event.namespace,
    workers: 0,
    workflows: 0,
    events: 0,
    occurredAt: event.occurredAt,
  };
  switch (event.type) {
    case 'worker.registered':
      return { ...activity, workers: 1 };
    case 'worker.deregistered':
      return { ...activity, workers: -1 };
    case 'workflow.put':
      // Versions count from 1 per tenant, namespace and name: version 1 is a name never put before.
      return { ...activity, workflows: event.payload.version === 1 ? 1 : 0 };
    case 'event.pushed':
      return { ...activity, events: 1 };
    default:
      return activity;
  }
}

/** The activity of several events of one namespace added up: what their upserts in turn would add. */
export interface NamespaceActivitySum {
  tenant: string;
  namespace: string;
  workers: number;
  workflows: number;
  events: number;
  firstSeenAt: string;
  lastSeenAt: string;
}

/**
 * Adds up activities per tenant and namespace (in order of first appearance): counts are summed,
 * and the earliest and latest occurredAt kept, exactly what applying them one by one leaves.
 */
export function mergeActivities(activities: readonly NamespaceActivity[]): NamespaceActivitySum[] {
  const sums = new Map<string, NamespaceActivitySum>();
  for (const a of activities) {
    const key = `${a.tenant}\u0000${a.namespace}`;
    const sum = sums.get(key);
    if (sum === undefined) {
      sums.set(key, {
        tenant: a.tenant,
        namespace: a.namespace,
        workers: a.workers,
        workflows: a.workflows,
        events: a.events,
        firstSeenAt: a.occurredAt,
        lastSeenAt: a.occurredAt,
      });
      continue;
    }
    sum.workers += a.workers;
    sum.workflows += a.workflows;
    sum.events += a.events;
    if (a.occurredAt < sum.firstSeenAt) sum.firstSeenAt = a.occurredAt;
    if (a.occurredAt > sum.lastSeenAt) sum.lastSeenAt = a.occurredAt;
  }
  return [...sums.values()];
}
