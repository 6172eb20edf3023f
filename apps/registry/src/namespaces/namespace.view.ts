import { NamespaceEntity } from './namespace.entity';

/** A namespace as the HTTP API shows it. */
export interface NamespaceView {
  namespace: string;
  /** Workers registered and not deregistered. */
  workers: number;
  /** Of those, the workers available now (heartbeating). */
  availableWorkers: number;
  /** Distinct workflow names put in the namespace. */
  workflows: number;
  /** Events pushed in the namespace. */
  events: number;
  firstSeenAt: string;
  lastSeenAt: string;
}

export function toNamespaceView(row: NamespaceEntity, availableWorkers: number): NamespaceView {
  return {
    namespace: row.namespace,
    workers: row.workers,
    availableWorkers,
    workflows: row.workflows,
    events: row.events,
    firstSeenAt: row.firstSeenAt,
    lastSeenAt: row.lastSeenAt,
  };
}
