import { AckPolicy, DeliverPolicy, JetStreamClient, JetStreamManager, NatsError, nanos } from 'nats';
import { HistorySealed } from '@wharf/events';
import { VerificationReport } from './history-finding';
import { sealSubject } from './seal-subject';
import { StoredMessage, verifyHistory } from './verify-history';

/** Where a tenant's history is read from: the live stream, or a copy of it. */
export interface HistorySource {
  js: JetStreamClient;
  jsm: JetStreamManager;
  stream: string;
  /** Every message of the tenant's history, seals included (e.g. `wharf.<tenant>.>`). */
  filter: string;
  /** The subject of the tenant's seals (e.g. `wharf.<tenant>._.seal.history`). */
  sealSubject: string;
}

/**
 * The history of `tenant` in `stream`. A copy made under another subject prefix (`scratch.` +
 * the original subject) is read with that `prefix`.
 */
export function tenantHistorySource(
  store: { js: JetStreamClient; jsm: JetStreamManager; stream: string },
  tenant: string,
  prefix = '',
): HistorySource {
  return {
    js: store.js,
    jsm: store.jsm,
    stream: store.stream,
    filter: `${prefix}wharf.${tenant}.>`,
    sealSubject: `${prefix}${sealSubject(tenant)}`,
  };
}

interface RawMessage extends StoredMessage {
  subject: string;
}

/** Seals read per short-lived consumer (a seal holds up to a few thousand entries). */
const SEALS_BATCH = 20;
/** Messages an ordered consumer buffers ahead of the reader; also how often progress is reported. */
const EVENTS_BUFFER = 1_000;

function isNotFound(err: unknown): boolean {
  return err instanceof NatsError && (err.api_error?.err_code === 10037 || err.code === '404');
}

/** Sequence of the last message matching `filter` (wildcards allowed), 0 when none. */
export async function lastSeqOf(source: Pick<HistorySource, 'jsm' | 'stream'>, filter: string): Promise<number> {
  try {
    return (await source.jsm.streams.getMessage(source.stream, { last_by_subj: filter })).seq;
  } catch (err) {
    if (isNotFound(err)) return 0;
    throw err;
  }
}

/** How many messages match `filter` from `fromSeq` on. */
async function pendingFrom(source: HistorySource, filter: string, fromSeq: number): Promise<number> {
  const info = await source.jsm.consumers.add(source.stream, {
    filter_subject: filter,
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: Math.max(1, fromSeq),
    ack_policy: AckPolicy.None,
    mem_storage: true,
    inactive_threshold: nanos(30_000),
  });
  await source.jsm.consumers.delete(source.stream, info.name).catch(() => undefined);
  return info.num_pending;
}

/**
 * Every message matching `filter` from `fromSeq` through `untilSeq`, in stream order. Each batch is
 * read by its own ephemeral consumer, deleted before the batch is handed out: a reader that pauses
 * for long holds no consumer open, and memory holds one batch. Creating a consumer counts what it
 * will deliver, which with a wildcard filter is a scan of the rest of the stream: use it for one
 * subject (the seals), `followMessages` for a tenant's whole history.
 */
export async function* readMessages(
  source: HistorySource,
  filter: string,
  fromSeq: number,
  untilSeq: number,
  batch = SEALS_BATCH,
): AsyncGenerator<RawMessage> {
  let next = Math.max(1, fromSeq);
  while (next <= untilSeq) {
    const info = await source.jsm.consumers.add(source.stream, {
      filter_subject: filter,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: next,
      ack_policy: AckPolicy.None,
      mem_storage: true,
      inactive_threshold: nanos(30_000),
    });
    const messages: RawMessage[] = [];
    try {
      const wanted = Math.min(batch, info.num_pending);
      if (wanted === 0) return;
      const consumer = await source.js.consumers.get(source.stream, info.name);
      const fetched = await consumer.fetch({ max_messages: wanted, expires: 10_000 });
      for await (const m of fetched) {
        if (m.seq <= untilSeq) messages.push({ seq: m.seq, subject: m.subject, data: m.data });
        if (messages.length >= wanted || m.seq >= untilSeq) break;
      }
    } finally {
      await source.jsm.consumers.delete(source.stream, info.name).catch(() => undefined);
    }
    if (messages.length === 0) return;
    yield* messages;
    next = messages[messages.length - 1].seq + 1;
  }
}

/**
 * Every message matching `filter` from the stream's start through `untilSeq` (a sequence that
 * matches `filter`), in stream order, through one ordered consumer: the client recreates it if it
 * is lost, and buffers at most `EVENTS_BUFFER` messages ahead of the reader.
 */
export async function* followMessages(
  source: HistorySource,
  filter: string,
  untilSeq: number,
): AsyncGenerator<RawMessage> {
  if (untilSeq < 1) return;
  const consumer = await source.js.consumers.get(source.stream, {
    filterSubjects: filter,
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: 1,
  });
  const messages = await consumer.consume({ max_messages: EVENTS_BUFFER });
  try {
    for await (const m of messages) {
      if (m.seq > untilSeq) return;
      yield { seq: m.seq, subject: m.subject, data: m.data };
      if (m.seq >= untilSeq) return;
    }
  } finally {
    messages.stop();
  }
}

export interface VerifyProgress {
  /** Messages of the tenant read so far (seals included). */
  checked: number;
  /** Messages of the tenant to read. */
  total: number;
}

export interface VerifyStoredHistoryOptions {
  anchor?: string;
  window?: number;
  maxFindings?: number;
  /** Called before reading and after each batch of messages. */
  onProgress?: (progress: VerifyProgress) => void;
  /** Stops reading: the verification rejects. */
  signal?: AbortSignal;
}

/**
 * Verifies the tenant's history as it stands now: everything recorded up to the moment of the call
 * (later messages are left for the next verification).
 */
export async function verifyStoredHistory(
  source: HistorySource,
  tenant: string,
  options: VerifyStoredHistoryOptions = {},
): Promise<VerificationReport> {
  const untilSeq = await lastSeqOf(source, source.filter);
  const total = untilSeq === 0 ? 0 : await pendingFrom(source, source.filter, 1);
  const progress: VerifyProgress = { checked: 0, total };
  options.onProgress?.({ ...progress });
  const abortable = async function* <T>(items: AsyncIterable<T>): AsyncGenerator<T> {
    for await (const item of items) {
      options.signal?.throwIfAborted();
      yield item;
    }
  };
  async function* events(): AsyncGenerator<StoredMessage> {
    for await (const m of followMessages(source, source.filter, untilSeq)) {
      progress.checked++;
      if (progress.checked % EVENTS_BUFFER === 0 || progress.checked === total) options.onProgress?.({ ...progress });
      if (m.subject !== source.sealSubject) yield m;
    }
  }
  return verifyHistory({
    tenant,
    seals: abortable(readMessages(source, source.sealSubject, 1, untilSeq)),
    events: abortable(events()),
    anchor: options.anchor,
    window: options.window,
    maxFindings: options.maxFindings,
  });
}

/** A seal without its entries, as listed. */
export interface SealSummary {
  index: number;
  fromSeq: number;
  toSeq: number;
  count: number;
  hash: string;
  previousHash: string | null;
  /** Stream sequence of the seal message. */
  seq: number;
  sealedAt: string;
}

/** The tenant's seals with an index above `after`, in chain order, at most `limit`. */
export async function listSeals(source: HistorySource, after: number, limit: number): Promise<SealSummary[]> {
  const untilSeq = await lastSeqOf(source, source.sealSubject);
  const seals: SealSummary[] = [];
  for await (const m of readMessages(source, source.sealSubject, 1, untilSeq)) {
    let envelope: { occurredAt?: string; payload?: HistorySealed };
    try {
      envelope = JSON.parse(Buffer.from(m.data).toString('utf8')) as typeof envelope;
    } catch {
      continue;
    }
    const p = envelope.payload;
    if (!p || !Number.isInteger(p.index) || p.index <= after) continue;
    seals.push({
      index: p.index,
      fromSeq: p.fromSeq,
      toSeq: p.toSeq,
      count: Array.isArray(p.entries) ? p.entries.length : 0,
      hash: p.hash,
      previousHash: p.previousHash,
      seq: m.seq,
      sealedAt: envelope.occurredAt ?? '',
    });
    if (seals.length >= limit) break;
  }
  return seals;
}
