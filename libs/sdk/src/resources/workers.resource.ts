import { assertName } from '@wharf/names';
import { HttpClient, pathSegment } from '../http-client';
import { WharfInputError } from '../wharf-input-error';

export const MAX_ACTIONS_PER_WORKER = 100;
export const MAX_RUNS_LIMIT = 1000;

export type WorkerStatus = 'available' | 'unavailable' | 'deregistered';

export interface WorkerInfo {
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

export interface RegisterWorkerInput {
  name: string;
  actions: string[];
  maxRuns?: number;
  labels?: Record<string, string>;
}

export interface WorkerRegistration {
  workerId: string;
  name: string;
  namespace: string;
  actions: string[];
  maxRuns: number;
  labels: Record<string, string>;
  status: WorkerStatus;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
}

export interface HeartbeatAnswer {
  workerId: string;
  status: WorkerStatus;
}

/** Validates a registration before it is sent, naming the field as the registry would. */
export function assertWorkerRegistration(input: RegisterWorkerInput): void {
  assertName('worker', input.name, 'name');
  if (input.actions.length < 1 || input.actions.length > MAX_ACTIONS_PER_WORKER) {
    throw new WharfInputError('actions', `must list between 1 and ${MAX_ACTIONS_PER_WORKER} actions`);
  }
  const { maxRuns } = input;
  if (maxRuns !== undefined && (!Number.isInteger(maxRuns) || maxRuns < 1 || maxRuns > MAX_RUNS_LIMIT)) {
    throw new WharfInputError('maxRuns', `must be an integer from 1 to ${MAX_RUNS_LIMIT}`);
  }
  input.actions.forEach((action, i) => assertName('action', action, `actions.${i}`));
  for (const [key, value] of Object.entries(input.labels ?? {})) {
    assertName('labelKey', key, `labels.${key}`);
    if (typeof value !== 'string') throw new WharfInputError(`labels.${key}`, 'must be a string');
  }
}

/** `/api/v1/workers` in the client's namespace; `register`/`heartbeat`/`deregister` serve the worker runtime. */
export class WorkersResource {
  constructor(private readonly http: HttpClient) {}

  list(): Promise<WorkerInfo[]> {
    return this.http.request<WorkerInfo[]>('GET', '/api/v1/workers');
  }

  get(workerId: string): Promise<WorkerInfo> {
    return this.http.request<WorkerInfo>('GET', `/api/v1/workers/${pathSegment(workerId)}`);
  }

  register(input: RegisterWorkerInput): Promise<WorkerRegistration> {
    assertWorkerRegistration(input);
    return this.http.request<WorkerRegistration>('POST', '/api/v1/workers', { body: input });
  }

  heartbeat(workerId: string): Promise<HeartbeatAnswer> {
    return this.http.request<HeartbeatAnswer>('POST', `/api/v1/workers/${pathSegment(workerId)}/heartbeat`);
  }

  async deregister(workerId: string): Promise<void> {
    await this.http.request<unknown>('DELETE', `/api/v1/workers/${pathSegment(workerId)}`);
  }

  /** The assignment stream of a worker (server-sent events), opened until `signal` aborts. */
  openAssignmentStream(workerId: string, signal: AbortSignal): Promise<Response> {
    return this.http.openEventStream(`/api/v1/workers/${pathSegment(workerId)}/assignments`, signal);
  }
}
