import {
  AckPolicy,
  DeliverPolicy,
  headers,
  JetStreamClient,
  JetStreamManager,
  JSONCodec,
  NatsConnection,
  NatsError,
  nanos,
} from 'nats';
import { AnyStoredEvent, EventEnvelope, EventType, StoredEvent } from '@wharf/events';
import { subjectFor } from '@wharf/names';
import { AppendConflictError } from './append-conflict.error';
import { connectNats } from './nats-options';
import { DEFAULT_STREAM, streamConfig } from './stream-config';

const codec = JSONCodec<EventEnvelope>();
const WRONG_LAST_SEQUENCE = 10071;
export const EVENT_TYPE_HEADER = 'Wharf-Event-Type';

export interface AppendResult {
  seq: number;
  duplicate: boolean;
}

export interface AppendOptions {
  /** Stream sequence of the last event on the aggregate's subject; 0 = the subject must be empty. */
  expectedLastSubjectSeq?: number;
}

export function eventSubject(event: Pick<EventEnvelope, 'tenant' | 'namespace' | 'aggregate'>): string {
  return subjectFor({
    tenant: event.tenant,
    namespace: event.namespace,
    aggregateType: event.aggregate.type,
    aggregateId: event.aggregate.id,
  });
}

export function decodeEvent(data: Uint8Array, seq: number, subject: string): AnyStoredEvent {
  // The decoded object is new: adding the two fields costs far less than copying it (every service
  // decodes every event it follows; the dispatch service twice).
  const event = codec.decode(data) as AnyStoredEvent;
  event.seq = seq;
  event.subject = subject;
  return event;
}

function isWrongLastSequence(err: unknown): boolean {
  if (!(err instanceof NatsError)) return false;
  return err.api_error?.err_code === WRONG_LAST_SEQUENCE || /wrong last sequence/i.test(err.message);
}

/**
 * Messages a follower does not want are passed over without being decoded (large seals, for a
 * follower that never reads them); it still learns their sequence, to know how far it has read.
 */
export interface FollowSkip {
  wants(subject: string): boolean;
  skipped(seq: number): void;
}

/**
 * The JetStream event store: one stream, one subject per aggregate, optimistic concurrency via
 * `Nats-Expected-Last-Subject-Sequence`, idempotency via `Nats-Msg-Id` = event id.
 */
export class EventStore {
  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    readonly stream: string,
    private readonly ownsConnection: boolean,
  ) {}

  static async connect(options: {
    name: string;
    env?: NodeJS.ProcessEnv;
    stream?: string;
    nc?: NatsConnection;
  }): Promise<EventStore> {
    const env = options.env ?? process.env;
    const nc = options.nc ?? (await connectNats(env, options.name));
    const jsm = await nc.jetstreamManager();
    const stream = options.stream ?? env.WHARF_STREAM ?? DEFAULT_STREAM;
    const store = new EventStore(nc, nc.jetstream(), jsm, stream, options.nc === undefined);
    await store.ensureStream(Number(env.WHARF_STREAM_REPLICAS ?? 1));
    return store;
  }

  /** Creates the stream when it does not exist; an existing stream is left as configured. */
  async ensureStream(replicas = 1): Promise<void> {
    try {
      await this.jsm.streams.info(this.stream);
    } catch (err) {
      if (!(err instanceof NatsError) || err.api_error?.err_code !== 10059) throw err;
      try {
        await this.jsm.streams.add(streamConfig(this.stream, replicas));
      } catch (addErr) {
        // Another service created it at the same moment.
        if (!(addErr instanceof NatsError) || addErr.api_error?.err_code !== 10058) throw addErr;
      }
    }
  }

  /**
   * Appends one event. Resolves only after JetStream stored it. Retrying the same event (same id)
   * within the duplicate window returns the first sequence with `duplicate: true`.
   * @throws AppendConflictError when `expectedLastSubjectSeq` is stale.
   */
  async append(event: EventEnvelope, options: AppendOptions = {}): Promise<AppendResult> {
    const subject = eventSubject(event);
    const h = headers();
    h.set(EVENT_TYPE_HEADER, event.type);
    try {
      const ack = await this.js.publish(subject, codec.encode(event), {
        msgID: event.id,
        headers: h,
        expect:
          options.expectedLastSubjectSeq === undefined
            ? undefined
            : { lastSubjectSequence: options.expectedLastSubjectSeq },
      });
      return { seq: ack.seq, duplicate: ack.duplicate };
    } catch (err) {
      if (isWrongLastSequence(err)) {
        throw new AppendConflictError(subject, options.expectedLastSubjectSeq ?? -1);
      }
      throw err;
    }
  }

  /**
   * Appends events to one aggregate in order, each expecting the previous one's sequence.
   * Returns the sequence of each event.
   */
  async appendAll(events: EventEnvelope[], expectedLastSubjectSeq: number): Promise<number[]> {
    const seqs: number[] = [];
    let expected = expectedLastSubjectSeq;
    for (const event of events) {
      const { seq } = await this.append(event, { expectedLastSubjectSeq: expected });
      seqs.push(seq);
      expected = seq;
    }
    return seqs;
  }

  /** Sequence of the last event on `subject`, 0 when the subject has none. */
  async lastSubjectSeq(subject: string): Promise<number> {
    try {
      const msg = await this.jsm.streams.getMessage(this.stream, { last_by_subj: subject });
      return msg.seq;
    } catch (err) {
      if (err instanceof NatsError && (err.api_error?.err_code === 10037 || err.code === '404')) return 0;
      throw err;
    }
  }

  /** The stream's last sequence: everything up to it is readable. */
  async lastSeq(): Promise<number> {
    const info = await this.jsm.streams.info(this.stream);
    return info.state.last_seq;
  }

  /** Reads every event of one subject (one aggregate), in order. */
  async readSubject<T extends EventType = EventType>(subject: string): Promise<StoredEvent<T>[]> {
    const last = await this.lastSubjectSeq(subject);
    if (last === 0) return [];
    const events: StoredEvent<T>[] = [];
    await this.readRange(subject, 1, last, (e) => {
      events.push(e as unknown as StoredEvent<T>);
    });
    return events;
  }

  /**
   * Streams every event matching `filter` from `fromSeq` up to `untilSeq` (inclusive) through an
   * ordered consumer, in stream order. Nothing is buffered beyond the consumer's window.
   */
  async readRange(
    filter: string,
    fromSeq: number,
    untilSeq: number,
    onEvent: (event: AnyStoredEvent) => void | Promise<void>,
  ): Promise<void> {
    if (untilSeq < fromSeq) return;
    // An ephemeral consumer tells, as it is created, how many messages match: the read ends there
    // even when the filter matches nothing, instead of waiting for messages that never come.
    const info = await this.addCountingConsumer(filter, fromSeq);
    let remaining = info.num_pending;
    if (remaining === 0) {
      await this.jsm.consumers.delete(this.stream, info.name).catch(() => undefined);
      return;
    }
    const consumer = await this.js.consumers.get(this.stream, info.name);
    const messages = await consumer.consume({ max_messages: 1000 });
    try {
      for await (const m of messages) {
        if (m.seq > untilSeq) break;
        await onEvent(decodeEvent(m.data, m.seq, m.subject));
        remaining -= 1;
        if (m.seq >= untilSeq || remaining <= 0) break;
      }
    } finally {
      messages.stop();
      await this.jsm.consumers.delete(this.stream, info.name).catch(() => undefined);
    }
  }

  /**
   * How many messages match `filter` from `fromSeq` on, as the server counts them for a new
   * consumer: no message is read.
   */
  async countMatching(filter: string, fromSeq: number): Promise<number> {
    const info = await this.addCountingConsumer(filter, fromSeq);
    await this.jsm.consumers.delete(this.stream, info.name).catch(() => undefined);
    return info.num_pending;
  }

  private addCountingConsumer(filter: string, fromSeq: number) {
    return this.jsm.consumers.add(this.stream, {
      filter_subject: filter,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: Math.max(1, fromSeq),
      ack_policy: AckPolicy.None,
      inactive_threshold: nanos(30_000),
      mem_storage: true,
    });
  }

  /**
   * Follows the stream live from `fromSeq` through an ordered consumer (no acks, no server-side
   * state to clean up), calling `onEvent` in stream order until `stop()`.
   */
  async follow(
    filter: string,
    fromSeq: number,
    onEvent: (event: AnyStoredEvent) => void,
    skip?: FollowSkip,
  ): Promise<{ stop(): void }> {
    // The server refuses deliver-all with a start sequence, and the ordered consumer would retry
    // that forever: always start by sequence.
    const consumer = await this.js.consumers.get(this.stream, {
      filterSubjects: filter,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: Math.max(1, fromSeq),
    });
    const messages = await consumer.consume({ max_messages: 2_000 });
    void (async () => {
      for await (const m of messages) {
        if (skip && !skip.wants(m.subject)) skip.skipped(m.seq);
        else onEvent(decodeEvent(m.data, m.seq, m.subject));
      }
    })();
    return { stop: () => messages.stop() };
  }

  async close(): Promise<void> {
    if (this.ownsConnection) await this.nc.drain();
  }
}
