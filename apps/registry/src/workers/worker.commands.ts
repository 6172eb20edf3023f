/** What can be asked of a worker aggregate; each command names the worker it is about. */
export interface RegisterWorker {
  type: 'register-worker';
  workerId: string;
  name: string;
  actions: string[];
  maxRuns: number;
  labels: Record<string, string>;
}

export interface RecordHeartbeat {
  type: 'record-heartbeat';
  workerId: string;
}

/** Issued by a heartbeat sweeper when a worker's heartbeats stopped for longer than the timeout. */
export interface DeclareUnavailable {
  type: 'declare-unavailable';
  workerId: string;
  lastHeartbeatAt: string | null;
}

export interface DeregisterWorker {
  type: 'deregister-worker';
  workerId: string;
}

export type WorkerCommand = RegisterWorker | RecordHeartbeat | DeclareUnavailable | DeregisterWorker;
