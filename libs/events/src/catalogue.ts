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

/** How long a step may wait for a worker (`scheduleMs`) and run on one (`executionMs`); absent: the dispatch defaults. */
export interface StepTimeouts {
  scheduleMs?: number;
  executionMs?: number;
}

/**
 * Retries of a failed attempt (reported failed, or past its execution timeout): up to `attempts`
 * retries, the n-th after min(maxDelayMs, backoffMs × factor^(n-1)) ms. Absent: no retry.
 */
export interface StepRetry {
  attempts: number;
  backoffMs?: number;
  factor?: number;
  maxDelayMs?: number;
}

export interface WorkflowStep {
  name: string;
  action: string;
  /** Overrides the workflow's strategy for this step. */
  strategy?: AssignmentStrategy;
  affinity?: StepAffinity;
  /** Only on steps after the first. */
  sticky?: StickyMode;
  timeouts?: StepTimeouts;
  retry?: StepRetry;
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
  /** Where this event came from when it was replayed or re-pushed; absent for an original push. */
  provenance?: Provenance;
}

/**
 * The origin of a replayed event: `replay` — copied from another tenant by a replay; `event` — an
 * event of the same tenant pushed again; `run` — a run of the same tenant run again (the event
 * then triggers only that run's workflow).
 */
export interface Provenance {
  kind: 'replay' | 'event' | 'run';
  /** Tenant, event id and stream sequence of the original event. */
  tenant: string;
  namespace: string;
  eventId: string;
  seq: number;
  /** The replay that copied it (kind `replay`). */
  replayId?: string;
  /** The run run again (kind `run`). */
  runId?: string;
}

export interface RunStepPlan {
  stepRunId: string;
  step: string;
  action: string;
  /** The step's own strategy, else its workflow's; absent means `random`. */
  strategy?: AssignmentStrategy;
  affinity?: StepAffinity;
  sticky?: StickyMode;
  timeouts?: StepTimeouts;
  retry?: StepRetry;
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

/**
 * A seal over a range of a tenant's history (tamper evidence). It lists, in stream order, every
 * event of the tenant (seals excepted) recorded after the previous seal, each with a digest of its
 * stored bytes, and chains to the previous seal by that seal's hash.
 */
export interface HistorySealed {
  tenant: string;
  /** Number of this seal in the tenant's chain, from 1. */
  index: number;
  /** Stream sequences of the first and last event sealed. */
  fromSeq: number;
  toSeq: number;
  /** Each sealed event: stream sequence, event id, hex SHA-256 digest of its stored message data. */
  entries: SealEntry[];
  /** Hex SHA-256 over the previous seal's hash and every entry, in order. */
  hash: string;
  /** The previous seal's `hash`; null for the first seal. */
  previousHash: string | null;
}

export interface SealEntry {
  seq: number;
  id: string;
  digest: string;
}

/** What a replay selects from its source, as given (times ISO). */
export interface ReplaySelection {
  /** Only this namespace (kept as is). */
  namespace?: string;
  /** Source namespace → target namespace; only the namespaces named are replayed. */
  namespaceMap?: Record<string, string>;
  since?: string;
  until?: string;
  /** Event key pattern: `*` matches any run of characters (`user:*`). */
  key?: string;
  withWorkflows: boolean;
}

export interface ReplayStarted {
  replayId: string;
  from: string;
  to: string;
  selection: ReplaySelection;
  /** The target tenant was created by this replay. */
  createdTarget: boolean;
  /** The source's last stream sequence when the replay started: it replays nothing after it. */
  untilSeq: number;
}

/** A checkpoint: every selected source event up to `throughSeq` is in the target. */
export interface ReplayProgressed {
  replayId: string;
  throughSeq: number;
  replayed: number;
  skipped: number;
  workflows: number;
}

export interface ReplayCompleted {
  replayId: string;
  throughSeq: number;
  /** Events appended to the target by this replay (all its attempts together). */
  replayed: number;
  /** Selected events found in the target already (an earlier or interrupted run of the replay). */
  skipped: number;
  workflows: number;
  durationMs: number;
}

export interface ReplayFailed {
  replayId: string;
  throughSeq: number;
  reason: string;
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
  /** The worker of the attempt; null when the step never had one (a schedule timeout before any attempt). */
  workerId: string | null;
  error: string;
  /**
   * Why the dispatcher failed the step itself; absent when the worker reported the failure (and on
   * events recorded before reasons existed).
   */
  reason?: 'reassignment-limit' | 'schedule-timeout' | 'execution-timeout';
  /** False when the handler threw a non-retryable error: no retry. Absent: retryable. */
  retryable?: false;
}

/**
 * A step waited for a worker longer than its schedule timeout (`schedule`, workerId null), or an
 * attempt ran longer than its execution timeout (`execution`: the attempt is taken from its worker,
 * which gets a cancel signal).
 */
export interface StepTimedOut {
  runId: string;
  stepRunId: string;
  attempt: number;
  workerId: string | null;
  phase: 'schedule' | 'execution';
  afterMs: number;
}

/** A failed attempt will be retried as a new attempt at `retryAt` (`delayMs` after the failure). */
export interface StepRetryScheduled {
  runId: string;
  stepRunId: string;
  /** The attempt that failed. */
  attempt: number;
  retryAt: string;
  delayMs: number;
  reason: 'failed' | 'execution-timeout';
}

/** The run was cancelled; the step it held (if any) was taken from its worker, which gets a cancel signal. */
export interface RunCancelled {
  runId: string;
  reason: string;
  /** The step running when cancelled, its attempt and worker; absent when no worker held a step. */
  stepRunId?: string;
  attempt?: number;
  workerId?: string;
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

/** What a cron does with the ticks it missed while no dispatch instance ran (or all were paused). */
export type MissedTicksPolicy = 'fire-once' | 'skip';
export const MISSED_TICKS_POLICIES: readonly MissedTicksPolicy[] = ['fire-once', 'skip'];

/** A cron: each tick of `expression` in `timezone` pushes an event `eventKey` in the cron's namespace. */
export interface CronCreated {
  /** Unique per creation: a cron deleted and created again under its name is a new cron. */
  cronId: string;
  name: string;
  /** Five fields (minute hour day-of-month month day-of-week). */
  expression: string;
  /** IANA time zone the expression is read in. */
  timezone: string;
  eventKey: string;
  payload: unknown;
  missedTicks: MissedTicksPolicy;
}

/**
 * One tick of a cron, recorded on the cron's own subject with the expected last subject sequence,
 * so however many dispatch instances run, exactly one records it. `eventId` is the event the tick
 * pushes, derived from the cron and the tick.
 */
export interface CronTicked {
  cronId: string;
  name: string;
  /** ISO instant of the scheduled tick. */
  tick: string;
  eventId: string;
  /** Earlier ticks since the previous recorded one that did not fire (missed while down). */
  missed: number;
  /** The dispatch instance (`WHARF_INSTANCE`) whose scheduler won the tick. */
  recordedBy?: string;
}

export interface CronDeleted {
  cronId: string;
  name: string;
}

/** A run of `workflow` to start at `at`; cancellable until it fired. */
export interface ScheduleCreated {
  scheduleId: string;
  workflow: string;
  /** ISO instant. */
  at: string;
  input: unknown;
}

export interface ScheduleCancelled {
  scheduleId: string;
}

/** Recorded on the schedule's subject (exactly once); `eventId` is the event that starts the run. */
export interface ScheduleFired {
  scheduleId: string;
  eventId: string;
  /** The dispatch instance (`WHARF_INSTANCE`) whose scheduler fired it. */
  recordedBy?: string;
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
  'cron.created': CronCreated;
  'cron.ticked': CronTicked;
  'cron.deleted': CronDeleted;
  'schedule.created': ScheduleCreated;
  'schedule.cancelled': ScheduleCancelled;
  'schedule.fired': ScheduleFired;
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
  'step.timed-out': StepTimedOut;
  'step.retry-scheduled': StepRetryScheduled;
  'run.cancelled': RunCancelled;
  'history.sealed': HistorySealed;
  'replay.started': ReplayStarted;
  'replay.progressed': ReplayProgressed;
  'replay.completed': ReplayCompleted;
  'replay.failed': ReplayFailed;
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
  'cron.created',
  'cron.ticked',
  'cron.deleted',
  'schedule.created',
  'schedule.cancelled',
  'schedule.fired',
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
  'step.timed-out',
  'step.retry-scheduled',
  'run.cancelled',
  'history.sealed',
  'replay.started',
  'replay.progressed',
  'replay.completed',
  'replay.failed',
];
