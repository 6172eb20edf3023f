import { WorkerStatus } from './worker.decider';
import { WorkerEntity } from './worker.entity';

/** A worker as the HTTP API shows it. */
export interface WorkerView {
  workerId: string;
  name: string;
  namespace: string;
  actions: string[];
  maxRuns: number;
  labels: Record<string, string>;
  status: WorkerStatus;
  registeredAt: string;
  lastHeartbeatAt: string | null;
}

export function toWorkerView(row: WorkerEntity, lastHeartbeatAt: Date | null): WorkerView {
  return {
    workerId: row.workerId,
    name: row.name,
    namespace: row.namespace,
    actions: row.actions,
    maxRuns: row.maxRuns,
    labels: row.labels,
    status: row.status,
    registeredAt: row.registeredAt,
    lastHeartbeatAt: lastHeartbeatAt?.toISOString() ?? null,
  };
}
