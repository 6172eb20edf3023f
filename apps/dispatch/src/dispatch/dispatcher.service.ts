import {
  HttpException,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AnyStoredEvent, EventEnvelope } from '@wharf/events';
import { EventStore, eventSubject } from '@wharf/event-store';
import { AggregateType, SUBJECT_ROOT } from '@wharf/names';
import { AssignmentHub } from './assignment-hub';
import { AssignmentMessage, StreamMessage } from './assignment-message';
import { DEFAULT_TICK_MS, DISPATCH_CONFIG, DispatchConfig, dispatchConfigFromEnv } from './dispatch-config';
import { decideAssignment } from './domain/decide-assignment';
import { CancelRun, decideCancelRun } from './domain/decide-cancel';
import { decideDeadline, dueSteps } from './domain/decide-deadlines';
import { decideRunProgress } from './domain/decide-progress';
import { decidePush, PushEvent } from './domain/decide-push';
import { decideReportRefusal, StepAttempts, stepAttemptsInState } from './domain/decide-report-refusal';
import { decideStartRuns } from './domain/decide-push';
import { decideStepReport, ReportStep } from './domain/decide-step-report';
import { DispatchContext } from './domain/dispatch-context';
import { DispatchRejection } from './domain/dispatch-rejection';
import { DispatchState, emptyDispatchState, hasFreeSlot, scopeKey, StepRunState } from './domain/dispatch-state';
import { evolveDispatchState } from './domain/evolve-dispatch-state';

/** The aggregates whose events the decision state folds; the feed passes over the rest undecoded. */
const FOLDED_AGGREGATES: ReadonlySet<string> = new Set<AggregateType>(['worker', 'workflow', 'event', 'run']);

/** Injection token for the uniform random source (tests inject a seeded one). */
export const DISPATCH_RANDOM = Symbol('DISPATCH_RANDOM');

/** The dispatcher cannot decide now (or, in a query-only instance, ever): a 503 the client may retry elsewhere. */
export class DispatcherUnavailableError extends HttpException {
  constructor(message: string) {
    super({ statusCode: 503, error: 'Service Unavailable', message }, 503);
    this.name = 'DispatcherUnavailableError';
  }
}

/** WHARF_DISPATCH_DECIDES=false: an instance that folds the stream for queries and the scheduler, and decides nothing. */
export const DECIDES = process.env.WHARF_DISPATCH_DECIDES !== 'false';
export const NOT_DECIDING =
  'this dispatch instance answers queries only (WHARF_DISPATCH_DECIDES=false): send pushes, reports, cancels and assignment streams to the deciding instance';

type Input =
  | { kind: 'reconcile' }
  | {
      kind: 'push';
      command: Omit<PushEvent, 'eventId'>;
      done: Settle<{ eventId: string; seq: number; runs: string[] }>;
    }
  | { kind: 'report'; command: ReportStep; done: Settle<{ stepRunId: string; status: string }> }
  | { kind: 'refuse'; step: StepAttempts; command: ReportStep; done: Settle<void> }
  | { kind: 'subscribe'; workerId: string; open: (backlog: AssignmentMessage[]) => void }
  | { kind: 'tick' }
  | { kind: 'cancel'; command: CancelRun; done: Settle<{ runId: string; status: 'cancelled' }> };

interface Settle<T> {
  resolve(value: T): void;
  reject(err: unknown): void;
}

interface Decided {
  event: EventEnvelope;
  seq?: number;
  /** Appended without an expected subject sequence: a refusal recorded on a run that already finished. */
  unfenced?: boolean;
}

/**
 * The dispatch service's single decision loop. It follows the stream with its own ordered
 * consumer (from the first sequence at start-up: the state is a fold of the whole history) and
 * handles, in turn, those events and the commands — pushed events, workers' reports — against the
 * in-memory DispatchState. Decisions are evolved into the state at once and appended to JetStream
 * in batches (in order per run, in parallel across runs); replies and assignment deliveries happen
 * only after JetStream acked.
 *
 * One dispatcher decides for the whole stream; run more dispatch instances for queries only.
 */
@Injectable()
export class Dispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Dispatcher');
  private state: DispatchState = emptyDispatchState();
  private streamQueue: AnyStoredEvent[] = [];
  private commands: Input[] = [];
  private looping = false;
  private live = false;
  private feed: { stop(): void } | null = null;
  /** Workers reported lost by the stream since the last batch. */
  private readonly lostWorkers = new Set<string>();
  /** Highest stream sequence received from the feed. */
  private feedSeq = 0;
  private feedWaiters: { seq: number; resolve: () => void }[] = [];
  /** Sequences this dispatcher appended: their echo from the feed is already in the state. */
  private readonly ownSeqs = new Set<number>();
  /** Last stream sequence of each unfinished run's subject: the expected sequence of the next append. */
  private readonly runSeqs = new Map<string, number>();
  /** The periodic "what is due now?" input (timeouts, retries). */
  private ticker: NodeJS.Timeout | null = null;
  private tickQueued = false;

  constructor(
    private readonly store: EventStore,
    private readonly hub: AssignmentHub,
    @Optional() @Inject(DISPATCH_RANDOM) private readonly random: () => number = Math.random,
    @Optional() @Inject(DISPATCH_CONFIG) private readonly config: DispatchConfig = dispatchConfigFromEnv(),
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
    this.ticker = setInterval(() => this.tick(), this.config.tickMs ?? DEFAULT_TICK_MS);
    this.ticker.unref();
  }

  onApplicationShutdown(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    this.feed?.stop();
    this.feed = null;
  }

  /** Read-only view of the decision state. */
  get view(): Readonly<DispatchState> {
    return this.state;
  }

  push(command: Omit<PushEvent, 'eventId'>): Promise<{ eventId: string; seq: number; runs: string[] }> {
    return new Promise((resolve, reject) => this.enqueue({ kind: 'push', command, done: { resolve, reject } }));
  }

  report(command: ReportStep): Promise<{ stepRunId: string; status: string }> {
    return new Promise((resolve, reject) => this.enqueue({ kind: 'report', command, done: { resolve, reject } }));
  }

  /**
   * Records the refusal of a late report on a step whose run already finished (the caller read the
   * step from the read model); resolves once recorded, or at once when there is nothing to record.
   */
  recordLateReport(step: StepAttempts, command: ReportStep): Promise<void> {
    return new Promise((resolve, reject) => this.enqueue({ kind: 'refuse', step, command, done: { resolve, reject } }));
  }

  /**
   * Cancels an unfinished run; rejects with a 404 DispatchRejection when the dispatcher does not
   * hold the run (finished, cancelled, or unknown: the caller asks the read model).
   */
  cancel(command: CancelRun): Promise<{ runId: string; status: 'cancelled' }> {
    return new Promise((resolve, reject) => this.enqueue({ kind: 'cancel', command, done: { resolve, reject } }));
  }

  /** Asks the loop what is due now (one tick at a time: a tick waiting in the queue is enough). */
  private tick(): void {
    if (this.tickQueued || !this.live) return;
    this.tickQueued = true;
    this.enqueue({ kind: 'tick' });
  }

  /** Opens an assignment stream: the listener gets the worker's unfinished assignments first. */
  subscribe(workerId: string, listener: (m: StreamMessage) => void): Promise<() => void> {
    return new Promise((resolve, reject) => {
      if (!DECIDES) return reject(new DispatcherUnavailableError(NOT_DECIDING));
      this.enqueue({
        kind: 'subscribe',
        workerId,
        open: (backlog) => {
          const unsubscribe = this.hub.subscribe(workerId, listener);
          for (const message of backlog) listener({ event: 'assignment', data: message });
          resolve(unsubscribe);
        },
      });
    });
  }

  /** Resolves once the state holds every event the stream had when called (read-your-writes). */
  async catchUp(timeoutMs = 5_000): Promise<void> {
    await this.feedReaches(await this.store.lastSeq(), timeoutMs);
  }

  /**
   * Routing must see every workflow put before the event was pushed: for each tenant and namespace
   * pushing in this batch, wait until the feed has passed the last workflow event of that scope.
   * One lookup per scope, and usually no wait at all (workflows change rarely).
   */
  private async seeWorkflowsOf(batch: readonly Input[]): Promise<void> {
    const scopes = new Set<string>();
    for (const input of batch) {
      if (input.kind === 'push')
        scopes.add(`${SUBJECT_ROOT}.${input.command.tenant}.${input.command.namespace}.workflow.*`);
    }
    if (scopes.size === 0) return;
    const lastPuts = await Promise.all([...scopes].map((filter) => this.store.lastSubjectSeq(filter)));
    await this.feedReaches(Math.max(...lastPuts), 5_000);
  }

  private async feedReaches(target: number, timeoutMs: number): Promise<void> {
    if (this.feedSeq >= target) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`dispatcher feed did not reach sequence ${target} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.feedWaiters.push({ seq: target, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  private enqueue(input: Input): void {
    if (!DECIDES && 'done' in input) return input.done.reject(new DispatcherUnavailableError(NOT_DECIDING));
    this.commands.push(input);
    this.kick();
  }

  private kick(): void {
    if (!this.looping) void this.loop();
  }

  private onFeed(event: AnyStoredEvent): void {
    this.streamQueue.push(event);
    this.feedPassed(event.seq);
    this.kick();
  }

  /** The feed has read up to `seq` (an event it queued, or one it passed over). */
  private feedPassed(seq: number): void {
    this.feedSeq = seq;
    if (this.feedWaiters.length > 0) {
      const ready = this.feedWaiters.filter((w) => w.seq <= seq);
      this.feedWaiters = this.feedWaiters.filter((w) => w.seq > seq);
      for (const w of ready) w.resolve();
    }
  }

  /** Folds the whole stream into a fresh state, then goes live and finishes interrupted work. */
  private async start(): Promise<void> {
    this.live = false;
    this.feed?.stop();
    this.state = emptyDispatchState();
    this.streamQueue = [];
    this.feedSeq = 0;
    this.ownSeqs.clear();
    this.runSeqs.clear();
    const started = Date.now();
    const target = await this.store.lastSeq();
    this.feed = await this.store.follow(`${SUBJECT_ROOT}.>`, 1, (event) => this.onFeed(event), {
      wants: (subject) => FOLDED_AGGREGATES.has(subject.split('.', 4)[3]),
      skipped: (seq) => this.feedPassed(seq),
    });
    await this.catchUp(600_000);
    await this.idle();
    this.logger.log(`state folded from ${target} events in ${Date.now() - started} ms`);
    this.commands.unshift({ kind: 'reconcile' });
    this.live = DECIDES;
    this.kick();
  }

  /** Resolves when the loop has nothing left to do with what is queued now. */
  private async idle(): Promise<void> {
    while (this.looping || this.streamQueue.length > 0) {
      this.kick();
      await new Promise((r) => setImmediate(r));
    }
  }

  private trackRunSeq(event: EventEnvelope, seq: number): void {
    if (event.aggregate.type !== 'run') return;
    // A refusal recorded after its run finished must not bring the run's subject back into memory.
    if (event.type === 'step.report-refused' && !this.state.runs.has(event.aggregate.id)) return;
    if (event.type === 'run.completed' || event.type === 'run.failed' || event.type === 'run.cancelled')
      this.runSeqs.delete(event.aggregate.id);
    else this.runSeqs.set(event.aggregate.id, seq);
  }

  private context(): DispatchContext {
    return {
      now: new Date(),
      random: this.random,
      maxReassignments: this.config.maxReassignments,
      scheduleTimeoutMs: this.config.scheduleTimeoutMs,
      executionTimeoutMs: this.config.executionTimeoutMs,
    };
  }

  private async loop(): Promise<void> {
    if (this.looping) return;
    this.looping = true;
    try {
      while (this.streamQueue.length > 0 || (this.live && this.commands.length > 0)) {
        const batch = this.live ? this.commands.splice(0) : [];
        await this.seeWorkflowsOf(batch).catch((err: Error) => this.logger.warn(err.message));
        const decided: Decided[] = [];
        const scopes = new Set<string>();
        const replies: (() => void)[] = [];
        for (const event of this.streamQueue.splice(0)) {
          this.applyStreamEvent(event, scopes);
          // Events the scheduler pushed (cron ticks, scheduled runs) arrive through the feed: start their runs.
          if (this.live && event.type === 'event.pushed' && this.state.pendingRoutes.has(event.payload.eventId)) {
            this.startRoutedRuns(event.payload.eventId, decided, this.context());
            scopes.add(scopeKey(event.tenant, event.namespace, ''));
          }
        }
        if (this.live) this.reassignFromLostWorkers(decided, scopes, this.context());
        for (const input of batch) this.handle(input, decided, scopes, replies);
        if (this.live) for (const scope of scopes) this.drainQueues(scope, decided);
        try {
          await this.flush(decided);
        } catch (err) {
          this.logger.error(`appending decisions failed, folding the stream again: ${(err as Error).message}`);
          for (const input of batch) {
            if (input.kind === 'tick') this.tickQueued = false;
            if (
              input.kind === 'push' ||
              input.kind === 'report' ||
              input.kind === 'refuse' ||
              input.kind === 'cancel'
            ) {
              input.done.reject(new DispatcherUnavailableError('the event store did not accept the decision; retry'));
            }
          }
          this.commands.unshift(...batch.filter((i) => i.kind === 'subscribe'));
          this.looping = false;
          void this.start();
          return;
        }
        for (const reply of replies) reply();
      }
    } finally {
      this.looping = false;
    }
  }

  private handle(input: Input, decided: Decided[], scopes: Set<string>, replies: (() => void)[]): void {
    const context = this.context();
    switch (input.kind) {
      case 'reconcile':
        this.reconcile(decided, scopes, context);
        return;
      case 'subscribe': {
        const backlog = this.backlogOf(input.workerId);
        replies.push(() => input.open(backlog));
        return;
      }
      case 'tick': {
        this.tickQueued = false;
        // One step at a time: each decision sees the slots the previous ones took or freed.
        for (const stepRunId of dueSteps(this.state, context)) {
          const step = this.state.stepRuns.get(stepRunId);
          const run = step ? this.state.runs.get(step.runId) : undefined;
          const events = decideDeadline(this.state, stepRunId, context);
          for (const event of events) this.record(event, decided);
          if (run && events.length > 0) scopes.add(scopeKey(run.tenant, run.namespace, ''));
        }
        return;
      }
      case 'cancel': {
        let events: EventEnvelope[];
        try {
          events = decideCancelRun(this.state, input.command, context);
        } catch (err) {
          input.done.reject(err);
          return;
        }
        for (const event of events) this.record(event, decided);
        scopes.add(scopeKey(input.command.tenant, input.command.namespace, ''));
        replies.push(() => input.done.resolve({ runId: input.command.runId, status: 'cancelled' }));
        return;
      }
      case 'push': {
        const eventId = randomUUID();
        const event = decidePush(this.state, { ...input.command, eventId }, context);
        const record = this.record(event, decided);
        this.startRoutedRuns(eventId, decided, context);
        scopes.add(scopeKey(input.command.tenant, input.command.namespace, ''));
        replies.push(() =>
          input.done.resolve({ eventId, seq: record.seq ?? 0, runs: event.payload.runs.map((r) => r.runId) }),
        );
        return;
      }
      case 'report': {
        let events: EventEnvelope[];
        try {
          events = decideStepReport(this.state, input.command, context);
        } catch (err) {
          // A stale report is refused after its refusal is recorded (when there is one to record).
          const refusals =
            err instanceof DispatchRejection && err.status === 409
              ? decideReportRefusal(stepAttemptsInState(this.state, input.command), input.command, context)
              : [];
          if (refusals.length === 0) {
            input.done.reject(err);
            return;
          }
          for (const event of refusals) this.record(event, decided);
          replies.push(() => input.done.reject(err));
          return;
        }
        for (const event of events) this.record(event, decided);
        const step = this.state.stepRuns.get(input.command.stepRunId) as StepRunState;
        const run = this.state.runs.get(step.runId);
        // Finished, failed, or handed back (pending again): the run moves on, a handed-back step at once.
        if (
          run &&
          (step.status === 'completed' ||
            step.status === 'failed' ||
            step.status === 'pending' ||
            step.status === 'retrying')
        ) {
          for (const event of decideRunProgress(this.state, run, context)) this.record(event, decided);
          scopes.add(scopeKey(run.tenant, run.namespace, ''));
        }
        const released = input.command.report.outcome === 'released';
        // A failed attempt waiting for its retry was still a failure for the worker that reported it.
        const status = released ? 'released' : step.status === 'retrying' ? 'failed' : step.status;
        replies.push(() => input.done.resolve({ stepRunId: step.stepRunId, status }));
        return;
      }
      case 'refuse': {
        // The run may have come back into memory meanwhile only if it never left: then its state decides.
        const step = stepAttemptsInState(this.state, input.command) ?? input.step;
        for (const event of decideReportRefusal(step, input.command, context)) {
          const entry = this.record(event, decided);
          entry.unfenced = !this.state.runs.has(event.aggregate.id);
        }
        replies.push(() => input.done.resolve());
        return;
      }
    }
  }

  private startRoutedRuns(eventId: string, decided: Decided[], context: DispatchContext): void {
    const route = this.state.pendingRoutes.get(eventId);
    if (!route) return;
    for (const started of decideStartRuns(this.state, route, context)) {
      this.record(started, decided);
      const run = this.state.runs.get(started.payload.runId);
      if (run) for (const event of decideRunProgress(this.state, run, context)) this.record(event, decided);
    }
  }

  /** Folds a projected event into the state, unless it is this dispatcher's own decision. */
  private applyStreamEvent(event: AnyStoredEvent, scopes: Set<string>): void {
    if (this.ownSeqs.delete(event.seq)) return;
    evolveDispatchState(this.state, event);
    this.trackRunSeq(event, event.seq);
    if (event.type === 'worker.registered' || event.type === 'worker.became-available') {
      scopes.add(scopeKey(event.tenant, event.namespace, ''));
    }
    if (event.type === 'worker.became-unavailable' || event.type === 'worker.deregistered') {
      this.lostWorkers.add(event.payload.workerId);
    }
  }

  /** Steps held by workers that became unavailable or left are reassigned as new attempts. */
  private reassignFromLostWorkers(decided: Decided[], scopes: Set<string>, context: DispatchContext): void {
    for (const workerId of this.lostWorkers) {
      const worker = this.state.workers.get(workerId);
      if (!worker || worker.available) continue;
      const runs = new Set([...worker.active].map((id) => this.state.stepRuns.get(id)?.runId));
      for (const runId of runs) {
        const run = runId === undefined ? undefined : this.state.runs.get(runId);
        if (run) for (const event of decideRunProgress(this.state, run, context)) this.record(event, decided);
      }
      scopes.add(scopeKey(worker.tenant, worker.namespace, ''));
    }
    this.lostWorkers.clear();
  }

  /** True when some worker of the queue's tenant and namespace handles its action and has a free slot. */
  private queueCanMove(key: string): boolean {
    const split = key.lastIndexOf('/');
    const scope = key.slice(0, split);
    const action = key.slice(split + 1);
    for (const worker of this.state.workers.values()) {
      if (`${worker.tenant}/${worker.namespace}` === scope && worker.actions.has(action) && hasFreeSlot(worker)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Assigns queued steps of one tenant and namespace while workers have free slots, first in first
   * out among the steps a free worker may take: a step waiting for a worker it alone may use (a
   * required label, a hard-sticky worker) does not hold up the steps queued behind it.
   */
  private drainQueues(scope: string, decided: Decided[]): void {
    const context = this.context();
    for (const [key, queue] of [...this.state.queues]) {
      if (!key.startsWith(scope) || !this.queueCanMove(key)) continue;
      for (const stepRunId of [...queue]) {
        const step = this.state.stepRuns.get(stepRunId);
        const run = step ? this.state.runs.get(step.runId) : undefined;
        if (!step || !run) {
          const at = queue.indexOf(stepRunId);
          if (at >= 0) queue.splice(at, 1);
          continue;
        }
        const events = decideAssignment(this.state, run, step, context);
        for (const event of events) this.record(event, decided);
        if (events.length > 0 && !this.queueCanMove(key)) break;
      }
      if (queue.length === 0) this.state.queues.delete(key);
    }
  }

  /** Finishes what a crash may have interrupted: unstarted routed runs, unassigned steps, queues. */
  private reconcile(decided: Decided[], scopes: Set<string>, context: DispatchContext): void {
    const before = decided.length;
    for (const eventId of [...this.state.pendingRoutes.keys()]) this.startRoutedRuns(eventId, decided, context);
    for (const run of [...this.state.runs.values()]) {
      for (const event of decideRunProgress(this.state, run, context)) this.record(event, decided);
    }
    for (const key of this.state.queues.keys()) scopes.add(key.slice(0, key.lastIndexOf('/') + 1));
    if (decided.length > before) this.logger.log(`finishing interrupted work: ${decided.length - before} decisions`);
  }

  private record(event: EventEnvelope, decided: Decided[]): Decided {
    evolveDispatchState(this.state, event);
    const entry: Decided = { event };
    decided.push(entry);
    return entry;
  }

  /** Appends the batch: in order per subject, subjects in parallel; then delivers assignments. */
  private async flush(decided: Decided[]): Promise<void> {
    const bySubject = new Map<string, Decided[]>();
    for (const entry of decided) {
      const subject = eventSubject(entry.event);
      const list = bySubject.get(subject) ?? [];
      list.push(entry);
      bySubject.set(subject, list);
    }
    await Promise.all(
      [...bySubject.values()].map(async (entries) => {
        for (const entry of entries) {
          const { event } = entry;
          if (entry.unfenced) {
            entry.seq = (await this.store.append(event)).seq;
            continue;
          }
          const expected = event.aggregate.type === 'run' ? (this.runSeqs.get(event.aggregate.id) ?? 0) : 0;
          const { seq } = await this.store.append(event, { expectedLastSubjectSeq: expected });
          entry.seq = seq;
          this.ownSeqs.add(seq);
          this.trackRunSeq(event, seq);
        }
      }),
    );
    for (const { event } of decided) {
      if (event.type === 'step.timed-out') {
        const p = (event as EventEnvelope<'step.timed-out'>).payload;
        if (p.phase === 'execution' && p.workerId !== null) {
          const { runId, stepRunId, attempt } = p;
          this.hub.cancel(p.workerId, { runId, stepRunId, attempt, reason: 'execution-timeout' });
        }
      }
      if (event.type === 'run.cancelled') {
        const { runId, stepRunId, attempt, workerId } = (event as EventEnvelope<'run.cancelled'>).payload;
        if (workerId !== undefined && stepRunId !== undefined && attempt !== undefined) {
          this.hub.cancel(workerId, { runId, stepRunId, attempt, reason: 'run-cancelled' });
        }
      }
      if (event.type === 'step.assigned') {
        const p = (event as EventEnvelope<'step.assigned'>).payload;
        const run = this.state.runs.get(p.runId);
        this.hub.deliver(p.workerId, {
          runId: p.runId,
          stepRunId: p.stepRunId,
          workflow: run?.workflow ?? '',
          step: p.step,
          action: p.action,
          input: p.input,
          attempt: p.attempt,
        });
      }
    }
  }

  private backlogOf(workerId: string): AssignmentMessage[] {
    const worker = this.state.workers.get(workerId);
    if (!worker) return [];
    const backlog: AssignmentMessage[] = [];
    for (const stepRunId of worker.active) {
      const step = this.state.stepRuns.get(stepRunId);
      const run = step ? this.state.runs.get(step.runId) : undefined;
      if (!step || !run || (step.status !== 'assigned' && step.status !== 'started')) continue;
      backlog.push({
        runId: run.runId,
        stepRunId,
        workflow: run.workflow,
        step: step.step,
        action: step.action,
        input: step.index === 0 ? run.input : run.steps[step.index - 1].output,
        attempt: step.attempt,
      });
    }
    return backlog;
  }

  /** True when the rejection means "ask the read model": the step's run already left memory. */
  static isUnknownStep(err: unknown): boolean {
    return err instanceof DispatchRejection && err.status === 404;
  }
}
