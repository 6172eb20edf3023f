import { AnyStoredEvent } from '@wharf/events';

/** A worker's name and labels, for the assignment lines (kept while it is registered). */
export interface WorkerMemo {
  name: string;
  labels: Record<string, string>;
}

/** A pushed event whose runs have not all started yet. */
export interface EventMemo {
  seq: number;
  key: string;
  pendingRuns: number;
}

/** A run that has not finished. */
export interface RunMemo {
  eventSeq: number;
  eventId: string;
  eventKey: string;
  workflow: string;
  workflowVersion: number;
  startedAt: string;
  /** Each step run of the run and its step's name: [stepRunId, step]. */
  steps: [string, string][];
}

/** A step run of an open run: its current attempt, open while its worker holds it, and since when it queued. */
export interface AttemptMemo {
  attempt: number;
  workerId: string | null;
  workerName: string | null;
  assignedAt: string | null;
  open: boolean;
  queuedAt: string | null;
}

/**
 * The little the audit mapper remembers between events. It holds open work only — events whose
 * runs have not started, unfinished runs and their steps, registered workers — and forgets each
 * entry when that work finishes, so it is bounded by open work, never by history.
 */
export interface AuditMemory {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

export const memoryKey = {
  worker: (tenant: string, workerId: string) => `worker/${tenant}/${workerId}`,
  event: (tenant: string, eventId: string) => `event/${tenant}/${eventId}`,
  run: (tenant: string, runId: string) => `run/${tenant}/${runId}`,
  attempt: (tenant: string, stepRunId: string) => `attempt/${tenant}/${stepRunId}`,
};

/** The memory entries the mapper may read for `event` (a projection loads just these first). */
export function memoryKeysOf(event: AnyStoredEvent): string[] {
  const t = event.tenant;
  switch (event.type) {
    case 'worker.registered':
    case 'worker.deregistered':
      return [memoryKey.worker(t, event.payload.workerId)];
    case 'run.started':
      return [memoryKey.event(t, event.payload.eventId)];
    case 'step.assigned':
      return [
        memoryKey.run(t, event.payload.runId),
        memoryKey.attempt(t, event.payload.stepRunId),
        memoryKey.worker(t, event.payload.workerId),
      ];
    case 'step.queued':
    case 'step.started':
    case 'step.completed':
    case 'step.failed':
    case 'step.timed-out':
    case 'step.retry-scheduled':
    case 'step.released':
    case 'step.report-refused':
      return [memoryKey.run(t, event.payload.runId), memoryKey.attempt(t, event.payload.stepRunId)];
    case 'run.cancelled':
      return [
        memoryKey.run(t, event.payload.runId),
        ...(event.payload.stepRunId === undefined ? [] : [memoryKey.attempt(t, event.payload.stepRunId)]),
      ];
    case 'run.completed':
    case 'run.failed':
      return [memoryKey.run(t, event.payload.runId)];
    default:
      return [];
  }
}

/** The memory as a plain map: what the stream-only report uses. */
export class MapAuditMemory implements AuditMemory {
  readonly entries = new Map<string, unknown>();

  get<T>(key: string): T | undefined {
    return this.entries.get(key) as T | undefined;
  }

  set(key: string, value: unknown): void {
    this.entries.set(key, value);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
