import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { HttpException, Injectable, Logger } from '@nestjs/common';
import { NatsError } from 'nats';
import { AppendConflictError, decodeEvent, EventStore } from '@wharf/event-store';
import { EventEnvelope, newEvent, ReplaySelection, StoredEvent, WorkflowPut } from '@wharf/events';
import { subjectFor, TENANT_WIDE_NAMESPACE } from '@wharf/names';
import { deterministicId } from '../dispatch/domain/deterministic-id';
import { DECIDES, Dispatcher, DispatcherUnavailableError, NOT_DECIDING } from '../dispatch/dispatcher.service';
import { copyRange, CopyProgress, CopyRangeInput, CopyResult, routingOf } from './copy-range';
import { ReplayPlan, ReplayPlanCounter } from './domain/replay-plan';
import { replayIdOf } from './domain/replay-ids';
import { filterIsExact, selector, sourceEventFilter, targetNamespace } from './domain/replay-selection';
import { decideReplayStart, foldReplay, ReplayEvent, ReplayState } from './domain/replay-state';
import { ReplayTarget } from './domain/replayed-event';
import type { CopierData, CopierMessage } from './replay-copier.worker';
import { workflowCopy, WorkflowDefinition } from './domain/workflow-copy';
import { readTenantRecord } from './tenant-record';
import { ReplayView, replayViewOf } from './replay-view';

/** A checkpoint after this many settled copies, or after CHECKPOINT_MS, whichever comes first. */
const CHECKPOINT_EVENTS = 5_000;
const CHECKPOINT_MS = 1_000;

/**
 * Test-only: WHARF_REPLAY_CRASH_AFTER=<n> kills the dispatch process (SIGKILL, no shutdown) after
 * it appended n copies, so a test can show that a replay killed half-way resumes with no duplicate
 * and no gap. Never set it in production.
 */
const CRASH_AFTER = Number(process.env.WHARF_REPLAY_CRASH_AFTER ?? 0);

export interface ReplayRequest {
  from: string;
  to: string;
  selection: ReplaySelection;
  create: boolean;
  /** The requesting token id. */
  actor: string;
}

export interface DryRun {
  replayId: string;
  from: string;
  to: string;
  selection: ReplaySelection;
  dryRun: true;
  plan: ReplayPlan;
  /** Workflows that would be copied (`withWorkflows`), as `sourceNamespace/name → targetNamespace`. */
  workflows: { sourceNamespace: string; targetNamespace: string; name: string }[];
}

/** A replay running in this process: its live counts, newer than its last checkpoint. */
interface Job {
  state: ReplayState;
  /** Selected events in the whole range (those before a resume included); null until counted. */
  selected: number | null;
  running: boolean;
  /** Start of this attempt (ms), for the rate. */
  attemptStartedAt: number;
  attemptSettled: number;
}

function httpError(statusCode: number, error: string, message: string, field?: string): HttpException {
  return new HttpException({ statusCode, error, message, ...(field ? { field } : {}) }, statusCode);
}

function replaySubject(to: string, replayId: string): string {
  return subjectFor({ tenant: to, namespace: TENANT_WIDE_NAMESPACE, aggregateType: 'replay', aggregateId: replayId });
}

/**
 * Replays a tenant's pushed events into another tenant. It checks and creates the tenants, copies
 * the workflows, records the replay's start, then hands the copy loop (`copyRange`: the source read
 * once through an ordered consumer, each selected event's copy appended directly to JetStream from
 * one connection with many appends in flight, so the target stores them in source order) to a
 * worker thread, and checkpoints its progress on the replay's own subject. Each copy expects its
 * subject empty: a copy already there (an earlier or interrupted run) is refused by JetStream and
 * counted as skipped, which makes the replay idempotent beyond the duplicate window; asking again
 * resumes after the last checkpoint. Only the deciding dispatch instance runs replays: copies are
 * routed against its state (the target's workflows when the copy starts).
 */
@Injectable()
export class ReplayEngine {
  private readonly logger = new Logger('ReplayEngine');
  private readonly jobs = new Map<string, Job>();
  private readonly starting = new Map<string, Promise<ReplayView>>();

  constructor(
    private readonly store: EventStore,
    private readonly dispatcher: Dispatcher,
  ) {}

  /** The live view of a replay this process runs or ran, or null. */
  live(replayId: string): ReplayView | null {
    const job = this.jobs.get(replayId);
    return job ? this.viewOf(job) : null;
  }

  /** True when this instance runs replays (it decides): one recorded as running that it does not hold was interrupted. */
  get decides(): boolean {
    return DECIDES;
  }

  async plan(request: ReplayRequest): Promise<DryRun> {
    await this.checkTenants(request, { dryRun: true });
    await this.dispatcher.catchUp(60_000);
    const { from, to, selection } = request;
    const counter = new ReplayPlanCounter();
    const select = selector(selection);
    await this.store.readRange(sourceEventFilter(from, selection), 1, await this.store.lastSeq(), (event) => {
      if (event.type !== 'event.pushed') return;
      const namespace = select({ namespace: event.namespace, key: event.payload.key, occurredAt: event.occurredAt });
      if (namespace !== null) counter.add(event.namespace, namespace, event.payload.key);
    });
    const workflows = selection.withWorkflows
      ? this.sourceWorkflows(from, selection).map(({ sourceNamespace, targetNamespace, definition }) => ({
          sourceNamespace,
          targetNamespace,
          name: definition.name,
        }))
      : [];
    return {
      replayId: replayIdOf(from, to, selection),
      from,
      to,
      selection,
      dryRun: true,
      plan: counter.plan(),
      workflows,
    };
  }

  /**
   * Starts the replay in the background and answers at once: the recorded result of a completed
   * replay, the progress of one running here, or a new or resumed run.
   */
  start(request: ReplayRequest): Promise<ReplayView> {
    if (!DECIDES) return Promise.reject(new DispatcherUnavailableError(NOT_DECIDING));
    const replayId = replayIdOf(request.from, request.to, request.selection);
    const pending = this.starting.get(replayId);
    if (pending) return pending;
    const started = this.begin(replayId, request).finally(() => this.starting.delete(replayId));
    this.starting.set(replayId, started);
    return started;
  }

  private async begin(replayId: string, request: ReplayRequest): Promise<ReplayView> {
    const running = this.jobs.get(replayId);
    if (running?.running) return this.viewOf(running);
    const createdTarget = await this.checkTenants(request, { dryRun: false });
    const subject = replaySubject(request.to, replayId);
    const events = (await this.store.readSubject(subject)) as unknown as StoredEvent<ReplayEvent['type']>[];
    let state = foldReplay(events as ReplayEvent[]);
    let subjectSeq = events[events.length - 1]?.seq ?? 0;
    const decision = decideReplayStart(state, {
      replayId,
      from: request.from,
      to: request.to,
      selection: request.selection,
      createdTarget,
      untilSeq: await this.store.lastSeq(),
    });
    if (decision.kind === 'done') {
      const job: Job = {
        state,
        selected: state.replayed + state.skipped,
        running: false,
        attemptStartedAt: 0,
        attemptSettled: 0,
      };
      return this.viewOf(job);
    }
    if (decision.kind === 'start') {
      const event = newEvent({
        type: 'replay.started',
        tenant: request.to,
        namespace: TENANT_WIDE_NAMESPACE,
        aggregate: { type: 'replay', id: replayId },
        actor: request.actor,
        payload: decision.started,
      });
      subjectSeq = (await this.store.append(event, { expectedLastSubjectSeq: subjectSeq })).seq;
      state = foldReplay([event]);
    } else {
      state = { ...state, status: 'running', reason: null, finishedAt: null };
    }
    const job: Job = { state, selected: null, running: true, attemptStartedAt: Date.now(), attemptSettled: 0 };
    this.jobs.set(replayId, job);
    const fromSeq = decision.kind === 'resume' ? decision.fromSeq : 1;
    void this.run(job, subject, subjectSeq, fromSeq).catch((err: Error) =>
      this.logger.error(`replay ${replayId} stopped: ${err.message}`),
    );
    return this.viewOf(job);
  }

  /**
   * The source must exist; the target must exist and be active, or be created (`create`, only
   * checked here when not a dry run). Returns whether this request created the target.
   */
  private async checkTenants(request: ReplayRequest, { dryRun }: { dryRun: boolean }): Promise<boolean> {
    const source = await readTenantRecord(this.store, request.from);
    if (source.status === 'absent') throw httpError(404, 'Not Found', `tenant "${request.from}" not found`, 'from');
    const target = await readTenantRecord(this.store, request.to);
    if (target.status === 'archived') {
      throw httpError(
        409,
        'Conflict',
        `tenant "${request.to}" is archived: replay into an active or a new tenant`,
        'to',
      );
    }
    if (target.status === 'active') return false;
    if (!request.create) {
      throw httpError(404, 'Not Found', `tenant "${request.to}" not found: create it, or pass "create": true`, 'to');
    }
    if (dryRun) return false;
    const created = newEvent({
      type: 'tenant.created',
      tenant: request.to,
      namespace: TENANT_WIDE_NAMESPACE,
      aggregate: { type: 'tenant', id: request.to },
      actor: request.actor,
      payload: { slug: request.to, name: request.to, purpose: source.purpose },
    });
    try {
      await this.store.append(created, { expectedLastSubjectSeq: 0 });
      return true;
    } catch (err) {
      if (!(err instanceof AppendConflictError)) throw err;
      // Created meanwhile (another request of the same replay): fine unless it was archived.
      const again = await readTenantRecord(this.store, request.to);
      if (again.status === 'archived') throw httpError(409, 'Conflict', `tenant "${request.to}" is archived`, 'to');
      return false;
    }
  }

  /** Current workflow definitions of the source in the selected namespaces, with their target namespace. */
  private sourceWorkflows(
    from: string,
    selection: ReplaySelection,
  ): { sourceNamespace: string; targetNamespace: string; definition: WorkflowDefinition }[] {
    const found: { sourceNamespace: string; targetNamespace: string; definition: WorkflowDefinition }[] = [];
    for (const workflow of this.dispatcher.view.workflows.values()) {
      if (workflow.tenant !== from) continue;
      const target = targetNamespace(selection, workflow.namespace);
      if (target === null) continue;
      found.push({ sourceNamespace: workflow.namespace, targetNamespace: target, definition: workflow });
    }
    return found.sort((a, b) =>
      `${a.sourceNamespace}/${a.definition.name}` < `${b.sourceNamespace}/${b.definition.name}` ? -1 : 1,
    );
  }

  /** Copies the source's workflows into the target; returns how many were put. */
  private async copyWorkflows(state: ReplayState): Promise<number> {
    let copied = 0;
    for (const { targetNamespace: namespace, definition } of this.sourceWorkflows(state.from, state.selection)) {
      const subject = subjectFor({
        tenant: state.to,
        namespace,
        aggregateType: 'workflow',
        aggregateId: definition.name,
      });
      const last = await this.lastEventOn(subject);
      const put = workflowCopy(definition, (last?.payload as WorkflowPut | undefined) ?? null);
      if (put === null) continue;
      const event = newEvent({
        id: deterministicId('replayed-workflow', state.replayId, namespace, put.name, String(put.version)),
        type: 'workflow.put',
        tenant: state.to,
        namespace,
        aggregate: { type: 'workflow', id: put.name },
        actor: state.actor,
        // The payload has no room for provenance: the replay is named as correlation and cause.
        correlationId: state.replayId,
        causationId: state.replayId,
        payload: put,
      });
      await this.store.append(event, { expectedLastSubjectSeq: last?.seq ?? 0 });
      copied += 1;
    }
    return copied;
  }

  private async lastEventOn(subject: string): Promise<StoredEvent | null> {
    try {
      const message = await this.store.jsm.streams.getMessage(this.store.stream, { last_by_subj: subject });
      return decodeEvent(message.data, message.seq, message.subject);
    } catch (err) {
      if (err instanceof NatsError && (err.api_error?.err_code === 10037 || err.code === '404')) return null;
      throw err;
    }
  }

  private async run(job: Job, subject: string, subjectSeq: number, fromSeq: number): Promise<void> {
    const { state } = job;
    const target: ReplayTarget = { replayId: state.replayId, from: state.from, to: state.to, actor: state.actor };
    const filter = sourceEventFilter(state.from, state.selection);
    const before = { replayed: job.state.replayed, skipped: job.state.skipped };
    let throughSeq = fromSeq - 1;
    let failure: string | null = null;
    let finishedAt: number | null = null;
    let lastCheckpoint = { at: Date.now(), settled: 0, throughSeq };
    let checkpointing: Promise<void> = Promise.resolve();

    const record = async (event: EventEnvelope): Promise<void> => {
      subjectSeq = (await this.store.append(event, { expectedLastSubjectSeq: subjectSeq })).seq;
    };
    const event = <T extends 'replay.progressed' | 'replay.completed' | 'replay.failed'>(
      type: T,
      payload: EventEnvelope<T>['payload'],
      occurredAt?: Date,
    ) =>
      newEvent({
        type,
        tenant: state.to,
        namespace: TENANT_WIDE_NAMESPACE,
        aggregate: { type: 'replay', id: state.replayId },
        actor: state.actor,
        occurredAt,
        payload,
      });
    const counts = () => ({
      replayId: state.replayId,
      throughSeq,
      replayed: job.state.replayed,
      skipped: job.state.skipped,
      workflows: job.state.workflows,
    });
    const onProgress = (progress: CopyProgress): void => {
      job.state.replayed = before.replayed + progress.replayed;
      job.state.skipped = before.skipped + progress.skipped;
      job.attemptSettled = progress.replayed + progress.skipped;
      throughSeq = progress.throughSeq;
      const due =
        job.attemptSettled - lastCheckpoint.settled >= CHECKPOINT_EVENTS ||
        Date.now() - lastCheckpoint.at >= CHECKPOINT_MS;
      if (!due || throughSeq === lastCheckpoint.throughSeq) return;
      lastCheckpoint = { at: Date.now(), settled: job.attemptSettled, throughSeq };
      const payload = counts();
      job.state = { ...job.state, throughSeq };
      checkpointing = checkpointing.then(() => record(event('replay.progressed', payload)));
    };

    try {
      if (state.selection.withWorkflows) {
        const copied = await this.copyWorkflows(job.state);
        job.state = { ...job.state, workflows: job.state.workflows + copied };
      }
      // Routing must see the workflows copied just now and every workflow put before.
      await this.dispatcher.catchUp(60_000);
      const select = selector(state.selection);
      const remaining = filterIsExact(state.selection)
        ? await this.store.countMatching(filter, fromSeq)
        : await this.countSelected(filter, fromSeq, state.untilSeq, select);
      job.selected = job.state.replayed + job.state.skipped + remaining;
      const preparedMs = Date.now() - job.attemptStartedAt;
      const result = await this.copy(
        {
          filter,
          fromSeq,
          untilSeq: state.untilSeq,
          selection: state.selection,
          target,
          routing: routingOf(this.dispatcher.view, state.to),
          crashAfter: CRASH_AFTER,
        },
        onProgress,
      );
      onProgress(result);
      failure = result.failure;
      finishedAt = result.finishedAt;
      this.logger.log(
        `replay ${state.replayId}: ${job.attemptSettled} events from sequence ${fromSeq} in ${Date.now() - job.attemptStartedAt} ms (prepared in ${preparedMs} ms)`,
      );
    } catch (err) {
      failure ??= (err as Error).message;
    }

    try {
      await checkpointing;
      const now = new Date(finishedAt ?? Date.now());
      const durationMs = now.getTime() - Date.parse(job.state.startedAt ?? now.toISOString());
      await record(
        failure === null
          ? event('replay.completed', { ...counts(), durationMs }, now)
          : event('replay.failed', { replayId: state.replayId, throughSeq, reason: failure }, now),
      );
      job.state = {
        ...job.state,
        status: failure === null ? 'completed' : 'failed',
        throughSeq,
        finishedAt: now.toISOString(),
        durationMs: failure === null ? durationMs : null,
        reason: failure,
      };
      if (failure !== null) this.logger.warn(`replay ${state.replayId} failed: ${failure}`);
    } finally {
      job.running = false;
    }
  }

  /**
   * Runs the copy loop in a worker thread (compiled code), or in this thread where the worker's
   * script is not compiled (tests running the TypeScript sources).
   */
  private copy(input: CopyRangeInput, onProgress: (progress: CopyProgress) => void): Promise<CopyResult> {
    const script = join(__dirname, 'replay-copier.worker.js');
    if (!__filename.endsWith('.js') || !existsSync(script)) return copyRange(this.store, input, onProgress);
    return new Promise<CopyResult>((resolve, reject) => {
      // A larger young generation: the copy allocates a lot of short-lived objects (fewer scavenges).
      const worker = new Worker(script, {
        workerData: { stream: this.store.stream, input } satisfies CopierData,
        resourceLimits: { maxYoungGenerationSizeMb: 64 },
      });
      let done = false;
      worker.on('message', (message: CopierMessage) => {
        if (message.kind === 'progress') return onProgress(message);
        done = true;
        resolve(message);
      });
      worker.on('error', (err) => {
        if (!done) reject(err);
      });
      worker.on('exit', (code) => {
        if (!done) reject(new Error(`the replay's copy thread exited with code ${code}`));
      });
    });
  }

  /** Selected events in the range, for the progress total (one extra read of the source). */
  private async countSelected(
    filter: string,
    fromSeq: number,
    untilSeq: number,
    select: ReturnType<typeof selector>,
  ): Promise<number> {
    let count = 0;
    await this.store.readRange(filter, fromSeq, untilSeq, (event) => {
      if (event.type !== 'event.pushed') return;
      if (select({ namespace: event.namespace, key: event.payload.key, occurredAt: event.occurredAt }) !== null)
        count += 1;
    });
    return count;
  }

  private viewOf(job: Job): ReplayView {
    const view = replayViewOf(job.state, job.selected);
    if (job.running && job.attemptSettled > 0) {
      const seconds = (Date.now() - job.attemptStartedAt) / 1000;
      view.rate = seconds > 0 ? Math.round(job.attemptSettled / seconds) : null;
    }
    return view;
  }
}
