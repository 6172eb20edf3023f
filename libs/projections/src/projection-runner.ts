import { Logger } from '@nestjs/common';
import { AckPolicy, ConsumerMessages, DeliverPolicy, JsMsg, nanos } from 'nats';
import { DataSource } from 'typeorm';
import { AnyStoredEvent } from '@wharf/events';
import { decodeEvent, EventStore } from '@wharf/event-store';
import { SUBJECT_ROOT } from '@wharf/names';
import { CheckpointEntity } from './checkpoint.entity';
import { Projection } from './projection';

/** How often a read model records that it skipped past events none of its projections applies. */
const SKIPPED_CHECKPOINT_INTERVAL_MS = 1_000;
/**
 * Under a steady flow (the last batch ended less than this ago) a short batch waits `lingerMs` for
 * more events: fewer, larger transactions, each of which rewrites the pages it touches.
 */
const BUSY_WINDOW_MS = 50;
/**
 * ... and the last batch held at least this many messages: a trickle of single events (a token
 * revoked now and then) is never held back, only a flood is gathered into larger transactions.
 */
const BUSY_BATCH = 32;

export interface ProjectionRunnerOptions {
  /** Read model name: the checkpoint key. */
  name: string;
  /** Durable consumer name; one per service instance. Defaults to `<name>-projection`. */
  consumer?: string;
  /**
   * The consumer's subject filter (default `wharf.>`, every event). A read model that needs only
   * part of the stream, e.g. `wharf.*._.>` for tenant-wide aggregates, never receives the rest.
   */
  filterSubject?: string;
  store: EventStore;
  dataSource: DataSource;
  projections: readonly Projection[];
  schemaVersion: number;
  /** Messages applied per SQLite transaction at most. */
  batchSize?: number;
  /**
   * How long a short batch waits for more events while events keep coming (default 10 ms; 0 never
   * waits). Never while a caller waits for a sequence that is already queued.
   */
  lingerMs?: number;
  /** Test hook: runs after the batch committed and before its messages are acked. */
  afterCommit?: (events: readonly AnyStoredEvent[]) => void | Promise<void>;
}

interface Waiter {
  seq: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * Feeds a durable JetStream consumer into SQLite: each batch of events is applied in one
 * transaction that also stores the last applied sequence; messages are acked after the commit.
 * On start the consumer resumes after the stored sequence, so a crash between commit and ack never
 * applies an event twice.
 */
export class ProjectionRunner {
  private readonly logger: Logger;
  private readonly queue: JsMsg[] = [];
  private messages: ConsumerMessages | null = null;
  private draining: Promise<void> | null = null;
  private waiters: Waiter[] = [];
  private failure: Error | null = null;
  private applied = 0;
  private checkpointWrittenAt = 0;
  private checkpointSeq = 0;
  private lingering: NodeJS.Timeout | null = null;
  private drainedAt = 0;
  /** Messages in the last batch drained. */
  private lastBatch = 0;
  private readonly appliedListeners: ((events: readonly AnyStoredEvent[]) => void)[] = [];
  private readonly resetListeners: (() => void | Promise<void>)[] = [];

  /** Aggregate types any projection applies; null when one of them wants every event. */
  private readonly aggregateTypes: ReadonlySet<string> | null;
  /** Per projection (same order): the aggregate types it applies, null for every event. */
  private readonly typesOf: (ReadonlySet<string> | null)[];

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.logger = new Logger(`Projection:${options.name}`);
    const wanted = options.projections.map((p) => p.aggregateTypes);
    this.typesOf = wanted.map((types) => (types === undefined ? null : new Set<string>(types)));
    this.aggregateTypes = wanted.some((types) => types === undefined)
      ? null
      : new Set(wanted.flatMap((types) => types ?? []));
  }

  get appliedSeq(): number {
    return this.applied;
  }

  private get filterSubject(): string {
    return this.options.filterSubject ?? `${SUBJECT_ROOT}.>`;
  }

  /** The sequence of the last event this read model can receive: what "caught up" means for it. */
  async streamTarget(): Promise<number> {
    if (this.options.filterSubject === undefined) return this.options.store.lastSeq();
    return this.options.store.lastSubjectSeq(this.options.filterSubject);
  }

  get consumerName(): string {
    return this.options.consumer ?? `${this.options.name}-projection`;
  }

  /** `listener` sees every applied batch, in stream order, after its commit. */
  onApplied(listener: (events: readonly AnyStoredEvent[]) => void): void {
    this.appliedListeners.push(listener);
  }

  /** `listener` runs after a rebuild emptied the read model, before it replays. */
  onReset(listener: () => void | Promise<void>): void {
    this.resetListeners.push(listener);
  }

  /**
   * Resumes after the stored checkpoint. A runner that stopped on a failure may be started again
   * (or rebuilt): it retries from the last committed batch. A checkpoint past the stream's last
   * sequence means the read model was built from another stream (the store was lost or replaced):
   * its rows describe history that is gone, so it is emptied and replayed from the new stream.
   */
  async start(): Promise<void> {
    this.failure = null;
    this.applied = await this.readCheckpoint();
    this.checkpointSeq = this.applied;
    const { jsm, js, stream } = this.options.store;
    const streamLastSeq = await this.options.store.lastSeq();
    if (this.applied > streamLastSeq) {
      this.logger.warn(`checkpoint ${this.applied} is past the stream's last sequence ${streamLastSeq}: rebuilding`);
      await this.reset();
    }
    await jsm.consumers.delete(stream, this.consumerName).catch(() => undefined);
    await jsm.consumers.add(stream, {
      durable_name: this.consumerName,
      filter_subject: this.filterSubject,
      ack_policy: AckPolicy.All,
      ack_wait: nanos(60_000),
      max_ack_pending: 20_000,
      ...(this.applied === 0
        ? { deliver_policy: DeliverPolicy.All }
        : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: this.applied + 1 }),
    });
    const consumer = await js.consumers.get(stream, this.consumerName);
    this.messages = await consumer.consume({
      max_messages: 5_000,
      callback: (m) => {
        this.queue.push(m);
        this.kick();
      },
    });
  }

  async stop(): Promise<void> {
    this.stopLingering();
    this.messages?.stop();
    this.messages = null;
    await this.draining;
    this.queue.length = 0;
    // Skipped events since the last checkpoint: record them, so a restart does not read them again.
    if (!this.failure && this.applied > this.checkpointSeq) await this.applyBatch([], this.applied);
  }

  /**
   * Resolves once every event up to `seq` is applied; rejects after `timeoutMs`, or as soon as the
   * runner stops on a failure.
   */
  waitFor(seq: number, timeoutMs = 10_000): Promise<void> {
    if (this.applied >= seq) return Promise.resolve();
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`${this.options.name} read model did not reach sequence ${seq} within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter = {
        seq,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      this.waiters.push(waiter);
      // A short batch waiting for company goes now if it holds what this caller waits for.
      if (this.lingering !== null) this.kick();
    });
  }

  /** Waits until everything in the stream at the time of the call is applied (read-your-writes). */
  async catchUp(timeoutMs = 10_000): Promise<void> {
    await this.waitFor(await this.streamTarget(), timeoutMs);
  }

  /** Drops the read model, replays the stream from the first sequence, then follows live. */
  async rebuild(): Promise<{ events: number; ms: number }> {
    const started = Date.now();
    await this.stop();
    await this.reset();
    const target = await this.streamTarget();
    await this.start();
    await this.waitFor(target, 600_000);
    return { events: target, ms: Date.now() - started };
  }

  /** Empties the read model (checkpoint included) and tells the reset listeners. */
  private async reset(): Promise<void> {
    await this.options.dataSource.synchronize(true);
    this.applied = 0;
    this.checkpointSeq = 0;
    for (const listener of this.resetListeners) await listener();
  }

  /** Starts draining the queue, unless a short batch should wait for more (`force`: the wait is over). */
  private kick(force = false): void {
    if (this.draining) return;
    if (!force && this.shouldLinger()) {
      this.lingering ??= setTimeout(() => {
        this.lingering = null;
        this.kick(true);
      }, this.options.lingerMs ?? 10);
      return;
    }
    this.stopLingering();
    if (this.queue.length === 0) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      this.drainedAt = Date.now();
      if (this.queue.length > 0 && this.messages && !this.failure) this.kick();
    });
  }

  /**
   * Whether a short batch should wait for more events: only while they keep coming in numbers (a
   * lone event, or a trickle, is applied at once), and never while a caller waits for a sequence
   * that is already queued.
   */
  private shouldLinger(): boolean {
    if ((this.options.lingerMs ?? 10) <= 0) return false;
    if (this.queue.length === 0 || this.queue.length >= (this.options.batchSize ?? 1_000)) return false;
    if (this.waiters.length > 0) {
      const queuedSeq = this.queue[this.queue.length - 1].seq;
      if (this.waiters.some((w) => w.seq <= queuedSeq)) return false;
    }
    return this.lingering !== null || (this.lastBatch >= BUSY_BATCH && Date.now() - this.drainedAt < BUSY_WINDOW_MS);
  }

  private stopLingering(): void {
    if (this.lingering === null) return;
    clearTimeout(this.lingering);
    this.lingering = null;
  }

  private async drain(): Promise<void> {
    const batchSize = this.options.batchSize ?? 1_000;
    while (this.queue.length > 0 && !this.failure) {
      const batch = this.queue.splice(0, batchSize);
      this.lastBatch = batch.length;
      const lastSeq = batch[batch.length - 1].seq;
      let events: AnyStoredEvent[];
      try {
        // The subject test first: reading `m.seq` parses the reply subject, wasted on skipped events.
        events = batch
          .filter((m) => this.interested(m.subject) && m.seq > this.applied)
          .map((m) => decodeEvent(m.data, m.seq, m.subject));
        // The checkpoint moves past skipped events too, so a restart does not read them again; for
        // batches of skipped events only, at most once a second (it is one SQLite transaction).
        if (lastSeq > this.applied && (events.length > 0 || this.checkpointDue()))
          await this.applyBatch(events, lastSeq);
        await this.options.afterCommit?.(events);
      } catch (err) {
        this.fail(err as Error);
        return;
      }
      // Ack-all: acknowledging the batch's last message acknowledges the whole batch.
      batch[batch.length - 1].ack();
      // Events no projection is interested in still count as applied (they change nothing).
      this.applied = Math.max(this.applied, lastSeq);
      if (events.length > 0) this.notifyApplied(events);
      this.releaseWaiters();
    }
  }

  /** Stops consuming; nothing after the last committed batch is applied until a restart. */
  private fail(err: Error): void {
    this.failure = err;
    this.logger.error(`stopped: applying events failed: ${err.message}`);
    this.messages?.stop();
    this.queue.length = 0;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(err);
  }

  /** A listener's error is its own: the batch is committed and acked, so the projection goes on. */
  private notifyApplied(events: readonly AnyStoredEvent[]): void {
    for (const listener of this.appliedListeners) {
      try {
        listener(events);
      } catch (err) {
        this.logger.error(`an applied-events listener failed: ${(err as Error).message}`);
      }
    }
  }

  private checkpointDue(): boolean {
    return Date.now() - this.checkpointWrittenAt >= SKIPPED_CHECKPOINT_INTERVAL_MS;
  }

  private async applyBatch(events: AnyStoredEvent[], lastSeq: number): Promise<void> {
    const { dataSource, projections, name, schemaVersion } = this.options;
    this.checkpointWrittenAt = Date.now();
    this.checkpointSeq = lastSeq;
    await dataSource.transaction(async (em) => {
      if (events.length > 0) {
        // Each projection gets the events of its aggregate types only, and writes its own tables:
        // applying them one after the other leaves what applying them event by event would.
        for (const [index, projection] of projections.entries()) {
          const types = this.typesOf[index];
          const own = types === null ? events : events.filter((e) => types.has(e.aggregate.type));
          if (own.length === 0) continue;
          if (projection.applyBatch !== undefined) await projection.applyBatch(own, em);
          else for (const event of own) await projection.apply(event, em);
        }
      }
      // Plain SQL: the entity manager's save reads the row first, a second statement per batch.
      const { tableName } = em.connection.getMetadata(CheckpointEntity);
      await em.query(
        `INSERT INTO "${tableName}" ("name", "lastSeq", "schemaVersion") VALUES (?, ?, ?)
         ON CONFLICT ("name") DO UPDATE SET "lastSeq" = excluded."lastSeq", "schemaVersion" = excluded."schemaVersion"`,
        [name, lastSeq, schemaVersion],
      );
    });
  }

  /** Whether any projection applies events of the subject's aggregate type (the 4th token). */
  private interested(subject: string): boolean {
    if (this.aggregateTypes === null) return true;
    const aggregateType = subject.split('.', 4)[3];
    return this.aggregateTypes.has(aggregateType);
  }

  private releaseWaiters(): void {
    const ready = this.waiters.filter((w) => w.seq <= this.applied);
    this.waiters = this.waiters.filter((w) => w.seq > this.applied);
    for (const w of ready) w.resolve();
  }

  private async readCheckpoint(): Promise<number> {
    const row = await this.options.dataSource.manager.findOneBy(CheckpointEntity, { name: this.options.name });
    return row?.lastSeq ?? 0;
  }
}
