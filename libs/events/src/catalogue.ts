/**
 * Every domain event Wharf records, with its payload. Payloads never carry a secret: tokens are
 * recorded by their SHA-256 hash only.
 */
export type TenantPurpose = 'local' | 'development' | 'staging' | 'production';
export const TENANT_PURPOSES: readonly TenantPurpose[] = ['local', 'development', 'staging', 'production'];

/**
 * What a tenant token may do inside its tenant: `admin` everything (tokens, workflows, ...),
 * `worker` run workers (register, heartbeat, receive assignments, report results), `publisher`
 * push events and read runs, `viewer` read only.
 */
export type TokenRole = 'admin' | 'worker' | 'publisher' | 'viewer';
export const TOKEN_ROLES: readonly TokenRole[] = ['admin', 'worker', 'publisher', 'viewer'];

export interface TenantCreated {
  slug: string;
  name: string;
  purpose: TenantPurpose;
  /** Free text; absent on events recorded before descriptions existed. */
  description?: string;
}

export interface TenantRenamed {
  slug: string;
  previousName: string;
  name: string;
}

export interface TenantDescribed {
  slug: string;
  description: string;
}

/** From this event on, every token of the tenant is refused; its history stays in the stream. */
export interface TenantArchived {
  slug: string;
}

export interface TokenCreated {
  tokenId: string;
  /** Tenant the token opens; `_` for the operator token. */
  tenant: string;
  name: string;
  /** Hex SHA-256 of the full token string. */
  hash: string;
  operator: boolean;
  /** Absent on events recorded before roles existed: such tokens are admins. */
  role?: TokenRole;
  /** The one namespace the token may act in; null (or absent) for every namespace. */
  namespace?: string | null;
  /** ISO time after which the token is refused; null (or absent) for a token that never expires. */
  expiresAt?: string | null;
}

export interface TokenRevoked {
  tokenId: string;
}

/**
 * The operator token was replaced: `previousTokenId` is refused from this event on. Recorded on
 * the operator token's own subject, so two concurrent rotations cannot both win.
 */
export interface OperatorTokenRotated {
  tokenId: string;
  hash: string;
  previousTokenId: string;
}

export interface WorkerRegistered {
  workerId: string;
  name: string;
  actions: string[];
  maxRuns: number;
  labels: Record<string, string>;
}

export interface WorkerBecameUnavailable {
  workerId: string;
  reason: 'heartbeat-timeout';
  lastHeartbeatAt: string | null;
}

export interface WorkerBecameAvailable {
  workerId: string;
}

export interface WorkerDeregistered {
  workerId: string;
}

/** How a step's worker is chosen among the best-ranked candidates; absent means `random`. */
export type AssignmentStrategy = 'random' | 'round-robin' | 'least-loaded';

/** A later step of a run prefers (`soft`) or requires (`hard`) the worker that ran its first step. */
export type StickyMode = 'soft' | 'hard';

/** A label that ranks a worker carrying it `weight` higher. */
export interface WeightedLabel {
  key: string;
  value: string;
  weight: number;
}

/** Which workers a step may run on (`required`: all must match) and which it prefers (`weighted`). */
export interface StepAffinity {
  required?: Record<string, string>;
  weighted?: WeightedLabel[];
}

export interface WorkflowStep {
  name: string;
  action: string;
  /** Overrides the workflow's strategy for this step. */
  strategy?: AssignmentStrategy;
  affinity?: StepAffinity;
  /** Only on steps after the first. */
  sticky?: StickyMode;
}

export interface WorkflowPut {
  name: string;
  version: number;
  eventKeys: string[];
  steps: WorkflowStep[];
  /** The strategy of every step that names none; absent means `random`. */
  strategy?: AssignmentStrategy;
}

/** A run the routing of an event decided to start: recorded in the event itself, atomically. */
export interface RoutedRun {
  runId: string;
  workflow: string;
  workflowVersion: number;
}

export interface EventPushed {
  eventId: string;
  key: string;
  payload: unknown;
  metadata: Record<string, string>;
  /** Every workflow of the tenant and namespace triggered by `key` when the event was pushed. */
  runs: RoutedRun[];
}

export interface RunStepPlan {
  stepRunId: string;
  step: string;
  action: string;
  /** The step's own strategy, else its workflow's; absent means `random`. */
  strategy?: AssignmentStrategy;
  affinity?: StepAffinity;
  sticky?: StickyMode;
}

export interface RunStarted {
  runId: string;
  workflow: string;
  workflowVersion: number;
  eventId: string;
  eventKey: string;
  input: unknown;
  steps: RunStepPlan[];
}

export interface StepQueued {
  runId: string;
  stepRunId: string;
  step: string;
  action: string;
  reason: 'no-available-worker';
}

export interface StepAssigned {
  runId: string;
  stepRunId: string;
  step: string;
  action: string;
  attempt: number;
  workerId: string;
  workerName: string;
  strategy: AssignmentStrategy;
  /**
   * The best-ranked workers the strategy chose among, sorted by worker id (for `random`, the draw
   * picked `candidates[floor(draw * candidates.length)]`).
   */
  candidates: string[];
  /** The uniform draw in [0, 1): the pick of `random`, the tie-break of `least-loaded`. */
  draw: number;
  input: unknown;
  /** Why the chosen worker qualified; recorded when the step has an affinity or is sticky. */
  reason?: AssignmentReason;
}

export interface AssignmentReason {
  /** The step's required labels, all carried by the chosen worker (`{}` when none). */
  requiredLabels: Record<string, string>;
  /** Sum of the weights of the step's weighted labels the chosen worker carries. */
  score: number;
  /** `required`: hard sticky; `preferred`: soft sticky honoured; null: not sticky, or fell back. */
  sticky: 'preferred' | 'required' | null;
}

export interface StepStarted {
  runId: string;
  stepRunId: string;
  attempt: number;
  workerId: string;
}

export interface StepCompleted {
  runId: string;
  stepRunId: string;
  attempt: number;
  workerId: string;
  output: unknown;
}

export interface StepFailed {
  runId: string;
  stepRunId: string;
  attempt: number;
  workerId: string;
  error: string;
  /**
   * Why the dispatcher failed the step itself; absent when the worker reported the failure (and on
   * events recorded before reasons existed).
   */
  reason?: 'reassignment-limit';
}

/**
 * A worker handed back an attempt it will not finish (it is stopping). The step is assigned again
 * as a new attempt at once; a hand-back does not count against the reassignment limit.
 */
export interface StepReleased {
  runId: string;
  stepRunId: string;
  attempt: number;
  workerId: string;
}

/**
 * A report on an attempt that is no longer current (a worker presumed dead came back), refused
 * and recorded for the audit; never applied to the step.
 */
export interface StepReportRefused {
  runId: string;
  stepRunId: string;
  /** The attempt the report named. */
  attempt: number;
  /** The step's attempt when the report arrived. */
  currentAttempt: number;
  /** The worker that held the reported attempt, when known. */
  workerId?: string;
  outcome: 'started' | 'completed' | 'failed' | 'released';
  reason: string;
}

export interface RunCompleted {
  runId: string;
  output: unknown;
}

export interface RunFailed {
  runId: string;
  stepRunId: string;
  error: string;
}

export interface EventPayloads {
  'tenant.created': TenantCreated;
  'tenant.renamed': TenantRenamed;
  'tenant.described': TenantDescribed;
  'tenant.archived': TenantArchived;
  'token.created': TokenCreated;
  'token.revoked': TokenRevoked;
  'operator-token.rotated': OperatorTokenRotated;
  'worker.registered': WorkerRegistered;
  'worker.became-unavailable': WorkerBecameUnavailable;
  'worker.became-available': WorkerBecameAvailable;
  'worker.deregistered': WorkerDeregistered;
  'workflow.put': WorkflowPut;
  'event.pushed': EventPushed;
  'run.started': RunStarted;
  'step.queued': StepQueued;
  'step.assigned': StepAssigned;
  'step.started': StepStarted;
  'step.completed': StepCompleted;
  'step.failed': StepFailed;
  'step.released': StepReleased;
  'step.report-refused': StepReportRefused;
  'run.completed': RunCompleted;
  'run.failed': RunFailed;
}

export type EventType = keyof EventPayloads;

export const EVENT_TYPES: readonly EventType[] = [
  'tenant.created',
  'tenant.renamed',
  'tenant.described',
  'tenant.archived',
  'token.created',
  'token.revoked',
  'operator-token.rotated',
  'worker.registered',
  'worker.became-unavailable',
  'worker.became-available',
  'worker.deregistered',
  'workflow.put',
  'event.pushed',
  'run.started',
  'step.queued',
  'step.assigned',
  'step.started',
  'step.completed',
  'step.failed',
  'step.released',
  'step.report-refused',
  'run.completed',
  'run.failed',
];
