import { EventEmitter } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { Assignment, parseAssignment } from './assignment';
import { Admission, AssignmentLedger } from './assignment-ledger';
import { backoffDelay, BackoffPolicy, RECONNECT_BACKOFF, REPORT_BACKOFF } from './backoff';
import { isNonRetryable } from './non-retryable-error';
import { isRetryableReportFailure } from './report-retry';
import { StepRunsResource } from './resources/step-runs.resource';
import { assertWorkerRegistration, WorkerRegistration, WorkersResource } from './resources/workers.resource';
import { EventSourceMessage, readServerSentEvents } from './server-sent-events';
import { WharfApiError } from './wharf-api-error';
import { unwatchSignals, watchSignals } from './worker-signals';
import { WorkerSettings } from './worker-settings';

/** What a handler learns about the step it runs, besides the step's input. */
export interface StepContext {
  runId: string;
  stepRunId: string;
  workflow: string;
  step: string;
  action: string;
  /** 1 for the first assignment of the step run; higher after a reassignment. */
  attempt: number;
  workerId: string;
  /**
   * Aborted when the server cancels this attempt: its run was cancelled, or it ran past its
   * execution timeout (`signal.reason` says which). Stop early; the outcome is no longer reported.
   */
  signal: AbortSignal;
}

/**
 * Runs one action. The resolved value is the step's output (JSON); a throw fails the step with its
 * message (retried per the step's retry policy, unless it is a NonRetryableError).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each handler knows its own input shape
export type ActionHandler = (input: any, ctx: StepContext) => unknown;

/** Where the worker writes what it does; `console` fits. Nothing passed here ever contains the token. */
export interface WorkerLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface WorkerOptions {
  name: string;
  /** One handler per action this worker serves; the keys are the action names it registers. */
  actions: Record<string, ActionHandler>;
  /** How many steps may run at once (1 to 1000, default 1); also sent to the registry. */
  maxRuns?: number;
  labels?: Record<string, string>;
  /**
   * How often to heartbeat. Order: this option, else WHARF_HEARTBEAT_INTERVAL_MS, else the interval
   * the registry advises at registration, else 4000.
   */
  heartbeatIntervalMs?: number;
  /**
   * How long `stop()` (and SIGTERM/SIGINT) lets running steps finish before handing them back to
   * the server, which assigns them to another worker at once. Default 30000.
   */
  gracePeriodMs?: number;
  /**
   * Stop gracefully on SIGTERM and SIGINT (then let the process exit). Default true; false leaves
   * signals to the program, which calls `stop()` itself.
   */
  handleSignals?: boolean;
  logger?: WorkerLogger;
  reconnectBackoff?: BackoffPolicy;
  reportBackoff?: BackoffPolicy;
}

export type ReportKind = 'started' | 'completed' | 'failed';

/** Events a worker emits; listen with `worker.on(name, listener)`. */
export interface WorkerEvents {
  registered: [registration: WorkerRegistration];
  connected: [info: { workerId: string }];
  disconnected: [info: { workerId: string; reason: string; retryInMs: number }];
  assignment: [assignment: Assignment];
  /** A resent assignment that is already running or finished here, and is therefore ignored. */
  duplicate: [assignment: Assignment, admission: Exclude<Admission, 'run'>];
  'invalid-assignment': [info: { data: string; reason: string }];
  completed: [assignment: Assignment, output: unknown];
  failed: [assignment: Assignment, error: string];
  'report-retry': [info: { assignment: Assignment; report: ReportKind; reason: string; retryInMs: number }];
  /** The server refused a report with a 4xx; for `started` the handler is then not run at all. */
  'report-rejected': [info: { assignment: Assignment; report: ReportKind; error: WharfApiError }];
  /** Handed back to the server (stopping): another worker gets the step as a new attempt. */
  released: [assignment: Assignment];
  'release-failed': [info: { assignment: Assignment; reason: string }];
  /** The server cancelled an attempt this worker holds (`run-cancelled` or `execution-timeout`). */
  cancelled: [info: { runId: string; stepRunId: string; attempt: number; reason: string }];
  'heartbeat-failed': [info: { workerId: string; reason: string }];
  'deregister-failed': [info: { workerId: string; reason: string }];
  stopped: [];
}

/** `draining`: stopping, but still heartbeating and listening, so running steps can finish. */
type WorkerState = 'new' | 'starting' | 'running' | 'draining' | 'stopping' | 'stopped';

export const DEFAULT_HEARTBEAT_INTERVAL_MS = 4_000;
export const DEFAULT_GRACE_PERIOD_MS = 30_000;
/** A hand-back is tried this many times: if the server cannot hear it, it reassigns once the worker is gone anyway. */
const RELEASE_TRIES = 3;

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function isWorkerGone(err: unknown): boolean {
  return err instanceof WharfApiError && (err.status === 404 || err.status === 410);
}

/**
 * A worker process's connection to Wharf: registers, heartbeats, receives assignments over SSE
 * and runs each (stepRunId, attempt) at most once, with at most `maxRuns` at a time.
 *
 * Guarantees: a dropped stream is reopened with backoff and the server's resend of unfinished
 * assignments never starts a second run of a step; each report is retried until the server
 * accepts it or refuses it with a 4xx; `stop()` returns only after every started handler finished
 * and reported, or — past the grace period — was handed back.
 */
export class WharfWorker extends EventEmitter<WorkerEvents> {
  private readonly ledger = new AssignmentLedger();
  private readonly maxRuns: number;
  private readonly queue: Assignment[] = [];
  private running = 0;
  private idleWaiters: (() => void)[] = [];
  private state: WorkerState = 'new';
  private workerId: string | undefined;
  private heartbeatIntervalMs = DEFAULT_HEARTBEAT_INTERVAL_MS;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private heartbeatInFlight: Promise<void> | undefined;
  private registering: Promise<void> | undefined;
  /** Aborted by `stop()`: ends the stream loop and its backoff sleeps. */
  private readonly lifetime = new AbortController();
  /** The current stream connection; aborted to reconnect under a new worker id. */
  private connection: AbortController | undefined;
  private streamLoop: Promise<void> | undefined;
  private onFirstConnect: (() => void) | undefined;
  private stopping: Promise<void> | undefined;
  /** Assignments whose handler runs now. */
  private readonly inHand = new Set<Assignment>();
  /** Handed back after the grace period: their handler's outcome is no longer reported. */
  private readonly abandoned = new Set<Assignment>();
  /** Aborted when the grace period ends early (a second signal). */
  private readonly grace = new AbortController();
  /** `<stepRunId>:<attempt>` → the abort controller of its handler's `ctx.signal`. */
  private readonly signals = new Map<string, AbortController>();
  /** Running attempts the server cancelled (a repeated cancel changes nothing). */
  private readonly cancelled = new Set<string>();

  constructor(
    private readonly options: WorkerOptions,
    private readonly workers: WorkersResource,
    private readonly stepRuns: StepRunsResource,
    private readonly settings: WorkerSettings = {},
  ) {
    super();
    this.maxRuns = options.maxRuns ?? 1;
    const grace = options.gracePeriodMs ?? DEFAULT_GRACE_PERIOD_MS;
    if (!Number.isInteger(grace) || grace < 0)
      throw new Error('gracePeriodMs must be a whole number of ms (0 or more)');
    assertWorkerRegistration(this.registrationInput());
  }

  /** The interval this worker heartbeats at (known once registered). */
  get heartbeatInterval(): number {
    return this.heartbeatIntervalMs;
  }

  /** The id the registry gave this worker; changes if the worker had to register again. */
  get id(): string | undefined {
    return this.workerId;
  }

  /**
   * Registers the worker, starts heartbeats and opens the assignment stream. Resolves once the
   * stream is open for the first time; rejects if the registration is refused or cannot be sent.
   */
  async start(): Promise<void> {
    if (this.state !== 'new')
      throw new Error(`worker "${this.options.name}" was already started; create a new worker to start again`);
    this.state = 'starting';
    try {
      await this.register();
    } catch (err) {
      this.state = 'stopped';
      throw err;
    }
    // stop() was called while registering: it deregisters; nothing more to start.
    if (this.state !== 'starting') return;
    this.state = 'running';
    if (this.options.handleSignals ?? true) watchSignals(this);
    this.scheduleHeartbeat();
    const connected = new Promise<void>((resolve) => (this.onFirstConnect = resolve));
    this.streamLoop = this.followAssignments();
    await connected;
  }

  /**
   * Stops gracefully: takes no new step (one that arrives is handed back at once, as are those
   * waiting for a slot), lets running handlers finish and report for up to `gracePeriodMs` while
   * still heartbeating, hands back what still runs after that (its outcome is then not reported),
   * and deregisters.
   */
  stop(): Promise<void> {
    this.stopping ??= this.shutDown();
    return this.stopping;
  }

  /** Ends the grace period now: what still runs is handed back. */
  endGrace(): void {
    this.grace.abort();
  }

  private async shutDown(): Promise<void> {
    const wasStarted = this.state !== 'new';
    const draining = this.state === 'running';
    this.state = 'draining';
    this.onFirstConnect?.();
    if (draining) {
      const waiting = this.queue.splice(0);
      const handedBack = Promise.all(waiting.map((a) => this.handBack(a)));
      const graceMs = this.options.gracePeriodMs ?? DEFAULT_GRACE_PERIOD_MS;
      const graceOver = delay(graceMs, undefined, { signal: this.grace.signal }).catch(() => undefined);
      await Promise.race([this.idle(), graceOver]);
      this.grace.abort();
      await Promise.all([handedBack, ...[...this.inHand].map((a) => this.abandon(a))]);
    }
    this.state = 'stopping';
    this.lifetime.abort();
    this.connection?.abort();
    clearTimeout(this.heartbeatTimer);
    this.queue.length = 0;
    await this.streamLoop;
    await this.heartbeatInFlight;
    await this.registering?.catch(() => undefined);
    await this.idle();
    if (wasStarted && this.workerId !== undefined) {
      try {
        await this.workers.deregister(this.workerId);
        this.options.logger?.info(`worker ${this.options.name} (${this.workerId}) deregistered`);
      } catch (err) {
        this.emit('deregister-failed', { workerId: this.workerId, reason: reasonOf(err) });
        this.options.logger?.warn(
          `worker ${this.options.name} (${this.workerId}) could not deregister: ${reasonOf(err)}`,
        );
      }
    }
    this.state = 'stopped';
    unwatchSignals(this);
    this.emit('stopped');
  }

  /** Heartbeating and listening: also while draining. */
  private get active(): boolean {
    return this.state === 'starting' || this.state === 'running' || this.state === 'draining';
  }

  /** Hands a step back to the server (tried a few times), then forgets it. */
  private async handBack(assignment: Assignment): Promise<void> {
    for (let failures = 0; ; failures++) {
      try {
        await this.stepRuns.released(assignment.stepRunId, assignment.attempt);
        this.emit('released', assignment);
        this.options.logger?.info(
          `worker ${this.options.name} handed back step run ${assignment.stepRunId} attempt ${assignment.attempt}`,
        );
        break;
      } catch (err) {
        if (!isRetryableReportFailure(err) || failures + 1 >= RELEASE_TRIES) {
          this.emit('release-failed', { assignment, reason: reasonOf(err) });
          this.options.logger?.warn(
            `worker ${this.options.name} could not hand back step run ${assignment.stepRunId}: ${reasonOf(err)}`,
          );
          break;
        }
        await delay(backoffDelay(failures, this.options.reportBackoff ?? REPORT_BACKOFF));
      }
    }
    if (!this.inHand.has(assignment)) this.ledger.finish(assignment);
  }

  /** Past the grace period: hands a running step back; its handler may go on, but nothing more is reported. */
  private abandon(assignment: Assignment): Promise<void> {
    this.abandoned.add(assignment);
    this.running--;
    this.inHand.delete(assignment);
    if (this.running === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
    return this.handBack(assignment);
  }

  private registrationInput(): { name: string; actions: string[]; maxRuns: number; labels?: Record<string, string> } {
    const input = { name: this.options.name, actions: Object.keys(this.options.actions), maxRuns: this.maxRuns };
    return this.options.labels === undefined ? input : { ...input, labels: this.options.labels };
  }

  /** Registers (again); concurrent callers share one request. */
  private register(): Promise<void> {
    if (this.registering !== undefined) return this.registering;
    const registering = (async () => {
      const registration = await this.workers.register(this.registrationInput());
      const previous = this.workerId;
      this.workerId = registration.workerId;
      this.heartbeatIntervalMs =
        this.options.heartbeatIntervalMs ??
        this.settings.heartbeatIntervalMs ??
        (registration.heartbeatIntervalMs > 0 ? registration.heartbeatIntervalMs : DEFAULT_HEARTBEAT_INTERVAL_MS);
      this.emit('registered', registration);
      this.options.logger?.info(
        previous === undefined
          ? `worker ${registration.name} registered as ${registration.workerId} in namespace ${registration.namespace}`
          : `worker ${registration.name} registered again as ${registration.workerId} (was ${previous})`,
      );
      // The open stream belongs to the old id: drop it so the loop reconnects under the new one.
      if (previous !== undefined) this.connection?.abort();
    })().finally(() => {
      if (this.registering === registering) this.registering = undefined;
    });
    this.registering = registering;
    return registering;
  }

  private scheduleHeartbeat(): void {
    if (!this.active) return;
    this.heartbeatTimer = setTimeout(() => {
      this.heartbeatInFlight = this.heartbeat().finally(() => {
        this.heartbeatInFlight = undefined;
        this.scheduleHeartbeat();
      });
    }, this.heartbeatIntervalMs);
  }

  private async heartbeat(): Promise<void> {
    const workerId = this.workerId as string;
    try {
      await this.workers.heartbeat(workerId);
    } catch (err) {
      if (!this.active) return;
      this.emit('heartbeat-failed', { workerId, reason: reasonOf(err) });
      this.options.logger?.warn(`worker ${this.options.name} (${workerId}) heartbeat failed: ${reasonOf(err)}`);
      // 404/410: the registry no longer knows this worker (e.g. it timed out): become a worker again.
      if (isWorkerGone(err)) await this.register().catch(() => undefined);
    }
  }

  private async followAssignments(): Promise<void> {
    let failures = 0;
    while (this.active) {
      const workerId = this.workerId as string;
      const connection = new AbortController();
      this.connection = connection;
      let reason = 'the server closed the stream';
      try {
        const response = await this.workers.openAssignmentStream(workerId, connection.signal);
        failures = 0;
        this.emit('connected', { workerId });
        this.options.logger?.info(`worker ${this.options.name} (${workerId}) connected to its assignment stream`);
        this.onFirstConnect?.();
        this.onFirstConnect = undefined;
        await readServerSentEvents(response.body, (message) => this.onMessage(message));
      } catch (err) {
        reason = reasonOf(err);
      }
      if (!this.active) return;
      // Aborted because the worker registered again: reconnect at once under the new id.
      if (connection.signal.aborted) continue;
      // A 404 here does not re-register: the dispatch service may simply not have caught up with a
      // fresh registration yet. Heartbeats (answered by the registry itself) decide that.
      const retryInMs = backoffDelay(failures++, this.options.reconnectBackoff ?? RECONNECT_BACKOFF);
      this.emit('disconnected', { workerId, reason, retryInMs });
      this.options.logger?.warn(
        `worker ${this.options.name} (${workerId}) assignment stream lost (${reason}); reconnecting in ${retryInMs} ms`,
      );
      await delay(retryInMs, undefined, { signal: this.lifetime.signal }).catch(() => undefined);
    }
  }

  /** A `cancel` message: aborts the attempt's `ctx.signal`, or keeps it from starting when it waits for a slot. */
  private onCancel(data: string): void {
    let cancel: { runId: string; stepRunId: string; attempt: number; reason: string };
    try {
      cancel = JSON.parse(data) as typeof cancel;
      if (typeof cancel.stepRunId !== 'string' || typeof cancel.attempt !== 'number') throw new Error('not a cancel');
    } catch {
      this.options.logger?.warn(`worker ${this.options.name} ignored an invalid cancel message`);
      return;
    }
    const key = `${cancel.stepRunId}:${cancel.attempt}`;
    const waiting = this.queue.findIndex((a) => `${a.stepRunId}:${a.attempt}` === key);
    if (waiting >= 0) {
      // Never started: it leaves the queue, and a resend of it is ignored.
      const [assignment] = this.queue.splice(waiting, 1);
      this.ledger.finish(assignment);
    } else {
      if (!this.signals.has(key) || this.cancelled.has(key)) return;
      this.cancelled.add(key);
    }
    this.emit('cancelled', cancel);
    this.options.logger?.info(
      `worker ${this.options.name}: step run ${cancel.stepRunId} attempt ${cancel.attempt} cancelled (${cancel.reason})`,
    );
    this.signals.get(key)?.abort(cancel.reason);
  }

  private onMessage(message: EventSourceMessage): void {
    if (message.event === 'cancel') {
      this.onCancel(message.data);
      return;
    }
    if (message.event !== 'assignment' || !this.active) return;
    let assignment: Assignment;
    try {
      assignment = parseAssignment(message.data);
    } catch (err) {
      this.emit('invalid-assignment', { data: message.data, reason: reasonOf(err) });
      this.options.logger?.warn(`worker ${this.options.name} ignored an invalid assignment: ${reasonOf(err)}`);
      return;
    }
    const admission = this.ledger.admit(assignment);
    if (admission !== 'run') {
      this.emit('duplicate', assignment, admission);
      return;
    }
    this.emit('assignment', assignment);
    if (this.state === 'draining') {
      void this.handBack(assignment);
      return;
    }
    this.queue.push(assignment);
    this.pump();
  }

  private pump(): void {
    while (this.running < this.maxRuns && this.queue.length > 0 && this.state !== 'draining') {
      const assignment = this.queue.shift() as Assignment;
      this.running++;
      this.inHand.add(assignment);
      void this.execute(assignment).finally(() => {
        if (this.abandoned.delete(assignment)) return;
        this.running--;
        this.inHand.delete(assignment);
        this.ledger.finish(assignment);
        if (this.running === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
        this.pump();
      });
    }
  }

  private idle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async execute(assignment: Assignment): Promise<void> {
    const { stepRunId, attempt } = assignment;
    const key = `${stepRunId}:${attempt}`;
    const abort = new AbortController();
    this.signals.set(key, abort);
    try {
      await this.run(assignment, abort.signal);
    } finally {
      this.signals.delete(key);
      this.cancelled.delete(key);
    }
  }

  private async run(assignment: Assignment, signal: AbortSignal): Promise<void> {
    const { stepRunId, attempt } = assignment;
    // Reporting `started` first means a 409 (reassigned meanwhile, or already finished) stops us
    // before the handler has any effect.
    if (!(await this.report(assignment, 'started', () => this.stepRuns.started(stepRunId, attempt)))) return;
    const handler = this.options.actions[assignment.action];
    let outcome: { ok: true; output: unknown } | { ok: false; error: string; retryable: boolean };
    if (handler === undefined) {
      outcome = {
        ok: false,
        error: `worker "${this.options.name}" has no handler for action "${assignment.action}"`,
        retryable: true,
      };
    } else {
      try {
        const { runId, workflow, step, action } = assignment;
        const ctx: StepContext = {
          runId,
          stepRunId,
          workflow,
          step,
          action,
          attempt,
          workerId: this.workerId as string,
          signal,
        };
        outcome = { ok: true, output: await handler(assignment.input, ctx) };
      } catch (err) {
        outcome = { ok: false, error: reasonOf(err), retryable: !isNonRetryable(err) };
      }
    }
    // Cancelled by the server: the attempt is no longer current, its report would be refused.
    if (signal.aborted) return;
    if (outcome.ok) {
      const { output } = outcome;
      if (await this.report(assignment, 'completed', () => this.stepRuns.completed(stepRunId, attempt, output))) {
        this.emit('completed', assignment, output);
      }
    } else {
      const { error, retryable } = outcome;
      if (await this.report(assignment, 'failed', () => this.stepRuns.failed(stepRunId, attempt, error, retryable))) {
        this.emit('failed', assignment, error);
        this.options.logger?.warn(
          `step ${assignment.step} of run ${assignment.runId} failed on attempt ${attempt}: ${error}`,
        );
      }
    }
  }

  /**
   * Sends a report until it is accepted (true) or refused with a 4xx (false). Deliberately not cut
   * short by stop(): an outcome the server never hears of would make it run the step again elsewhere.
   */
  private async report(assignment: Assignment, report: ReportKind, send: () => Promise<unknown>): Promise<boolean> {
    for (let failures = 0; ; failures++) {
      // Handed back: another worker owns the step now, and this attempt's report would be refused.
      if (this.abandoned.has(assignment)) return false;
      try {
        await send();
        return true;
      } catch (err) {
        if (!isRetryableReportFailure(err)) {
          const error = err as WharfApiError;
          this.emit('report-rejected', { assignment, report, error });
          this.options.logger?.warn(
            `report ${report} for step run ${assignment.stepRunId} attempt ${assignment.attempt} refused: ${error.message}`,
          );
          return false;
        }
        const retryInMs = backoffDelay(failures, this.options.reportBackoff ?? REPORT_BACKOFF);
        this.emit('report-retry', { assignment, report, reason: reasonOf(err), retryInMs });
        await delay(retryInMs);
      }
    }
  }
}
