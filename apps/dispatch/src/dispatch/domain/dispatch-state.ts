import { AssignmentStrategy, RoutedRun, RunStepPlan, WorkflowStep } from '@wharf/events';

/**
 * The dispatch service's write model: what it must know, in memory, to decide assignments.
 * Built only by `evolveDispatchState` from events; mutated in place for speed on the hot path.
 */
export interface WorkerState {
  workerId: string;
  tenant: string;
  namespace: string;
  name: string;
  actions: ReadonlySet<string>;
  maxRuns: number;
  labels: Record<string, string>;
  available: boolean;
  /** Deregistered: never available again; forgotten once its last step finished. */
  deregistered: boolean;
  /** Step runs assigned to this worker and not finished yet. */
  active: Set<string>;
  /** It handed a step back: it is stopping and takes no new assignments. */
  draining?: boolean;
}

export interface WorkflowState {
  tenant: string;
  namespace: string;
  name: string;
  version: number;
  eventKeys: readonly string[];
  steps: readonly WorkflowStep[];
  strategy?: AssignmentStrategy;
}

/** `retrying`: a failed attempt waits for its retry (`retryAt`); then it is assigned like a waiting step. */
export type StepRunStatus = 'pending' | 'queued' | 'assigned' | 'started' | 'completed' | 'failed' | 'retrying';

export interface StepRunState extends RunStepPlan {
  runId: string;
  index: number;
  status: StepRunStatus;
  attempt: number;
  workerId: string | null;
  output: unknown;
  /** Times the step was taken from a worker that was lost (unavailable or gone) while holding it. */
  reassignments?: number;
  /** The worker each attempt was assigned to (a refused late report names it). */
  attemptWorkers?: Map<number, string>;
  /** `<attempt>:<outcome>` of every refused late report already recorded: a repeat records nothing. */
  refusedReports?: Set<string>;
  /** `occurredAt` of the step's last `step.queued`: its schedule timeout counts from there. */
  queuedAt?: string;
  /** `occurredAt` of the current attempt's `step.assigned`: its execution timeout counts from there. */
  assignedAt?: string;
  /** When a `retrying` step is due for its next attempt. */
  retryAt?: string;
  /** Retries scheduled so far. */
  retries?: number;
  /** The step's last failure may be retried: a worker reported it, without `retryable: false`. */
  failureRetryable?: boolean;
}

export interface RunState {
  runId: string;
  tenant: string;
  namespace: string;
  workflow: string;
  eventId: string;
  input: unknown;
  steps: StepRunState[];
}

/** An event whose routing named runs that are not started yet (a crash may sit in between). */
export interface PendingRoute {
  eventId: string;
  tenant: string;
  namespace: string;
  key: string;
  payload: unknown;
  runs: RoutedRun[];
}

export interface DispatchState {
  workers: Map<string, WorkerState>;
  /** `tenant/namespace/name` → workflow. */
  workflows: Map<string, WorkflowState>;
  /** `tenant/namespace/name@version` → that version, so a run starts with the version its routing chose. */
  workflowVersions: Map<string, WorkflowState>;
  /** `tenant/namespace/eventKey` → ids (`tenant/namespace/name`) of the workflows it triggers. */
  triggers: Map<string, Set<string>>;
  /** Unfinished runs only: a finished run leaves memory (the read model keeps it). */
  runs: Map<string, RunState>;
  stepRuns: Map<string, StepRunState>;
  /** `tenant/namespace/action` → step run ids waiting for a worker, first in first out. */
  queues: Map<string, string[]>;
  pendingRoutes: Map<string, PendingRoute>;
  /** `tenant/namespace/action` → the worker that round-robin chose last there. */
  roundRobin: Map<string, string>;
}

export function emptyDispatchState(): DispatchState {
  return {
    workers: new Map(),
    workflows: new Map(),
    workflowVersions: new Map(),
    triggers: new Map(),
    runs: new Map(),
    stepRuns: new Map(),
    queues: new Map(),
    pendingRoutes: new Map(),
    roundRobin: new Map(),
  };
}

export function scopeKey(tenant: string, namespace: string, name: string): string {
  return `${tenant}/${namespace}/${name}`;
}

export function versionKey(tenant: string, namespace: string, name: string, version: number): string {
  return `${scopeKey(tenant, namespace, name)}@${version}`;
}

/**
 * A step needs a worker while it waits (pending, queued) or while the worker holding it is gone
 * (unavailable or deregistered): then it is reassigned as a new attempt.
 */
export function needsWorker(state: DispatchState, step: StepRunState): boolean {
  if (step.status === 'pending' || step.status === 'queued') return true;
  if (step.status !== 'assigned' && step.status !== 'started') return false;
  const holder = step.workerId === null ? undefined : state.workers.get(step.workerId);
  return holder === undefined || !holder.available;
}

export function hasFreeSlot(worker: WorkerState): boolean {
  return worker.available && !worker.draining && worker.active.size < worker.maxRuns;
}
