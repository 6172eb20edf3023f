import { Logger } from '@nestjs/common';
import { AckPolicy, ConsumerMessages, DeliverPolicy, JsMsg, NatsError, nanos, StoredMsg } from 'nats';
import { HistorySealed, newEvent, SYSTEM_ACTOR } from '@wharf/events';
import { AppendConflictError, EventStore } from '@wharf/event-store';
import {
  eventIdOf,
  isSealSubject,
  messageDigest,
  SEAL_AGGREGATE,
  SealHead,
  SealLedger,
  sealSubject,
  tenantOfSubject,
} from '@wharf/history';
import { SUBJECT_ROOT, TENANT_WIDE_NAMESPACE } from '@wharf/names';
import { SealConfig } from './seal-config';

/** Every tenant has its tenant record, tokens or seals in the tenant-wide namespace. */
const TENANT_WIDE_FILTER = `${SUBJECT_ROOT}.*.${TENANT_WIDE_NAMESPACE}.>`;
/** Conflicting appends in a row before leaving the tenant to the sealer that keeps winning until the next round. */
const MAX_CONFLICTS = 5;

function sealOf(data: Uint8Array): HistorySealed | null {
  try {
    const envelope = JSON.parse(Buffer.from(data).toString('utf8')) as { type?: string; payload?: HistorySealed };
    return envelope.type === 'history.sealed' && envelope.payload ? envelope.payload : null;
  } catch {
    return null;
  }
}

function headOf(seal: HistorySealed, seq: number): SealHead {
  return { index: seal.index, hash: seal.hash, toSeq: seal.toSeq, seq };
}

/** Direct get (the stream allows it): nats.js has it on the manager but leaves it out of the type. */
interface DirectGet {
  direct: { getMessage(stream: string, query: { seq: number; next_by_subj: string }): Promise<StoredMsg> };
}

function isNotFound(err: unknown): boolean {
  return err instanceof NatsError && (err.api_error?.err_code === 10037 || err.code === '404');
}

/**
 * Seals every tenant's history, off the request path: an ordered consumer reads the whole stream,
 * the digest of each event goes into its tenant's pending list, and every `intervalMs` (or as soon
 * as a tenant has `maxEvents` pending) each tenant with pending events gets one `history.sealed`
 * appended with the expected last sequence of its seal subject, so the chain stays linear even with
 * several sealers (tenant-service instances): a conflict means another sealer sealed first; its
 * seal is read back and the events it covers are dropped.
 *
 * Start costs one last-per-subject read of the tenant-wide subjects (one message per tenant
 * record, token and seal chain) and one or two direct gets per tenant, then the stream is read from
 * the oldest event not sealed yet (normally a few seconds back), skipping what seals cover.
 */
export class Sealer {
  private readonly logger = new Logger('Sealer');
  private ledger = new SealLedger();
  private messages: ConsumerMessages | null = null;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private flushAgain = false;
  private feedSeq = 0;
  private feedWaiters: { seq: number; resolve: () => void }[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly config: SealConfig,
  ) {}

  /** The stream sequence up to which the sealer has read. */
  get readThrough(): number {
    return this.feedSeq;
  }

  async start(): Promise<void> {
    const { heads, tenants, lastSeq } = await this.findHeads();
    this.ledger = new SealLedger(heads);
    let resumeAt = lastSeq + 1;
    for (const tenant of tenants) {
      const first = await this.firstUnsealed(tenant, heads.get(tenant)?.toSeq ?? 0);
      if (first !== null) resumeAt = Math.min(resumeAt, first);
    }
    this.feedSeq = resumeAt - 1;
    const consumer = await this.store.js.consumers.get(this.store.stream, {
      filterSubjects: `${SUBJECT_ROOT}.>`,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: resumeAt,
    });
    const messages = await consumer.consume({ max_messages: 2_000 });
    this.messages = messages;
    void (async () => {
      for await (const m of messages) this.onMessage(m);
    })().catch((err: Error) => this.logger.error(`reading the stream failed: ${err.message}`));
    this.timer = setInterval(() => this.requestFlush(), this.config.intervalMs);
    this.timer.unref();
    this.logger.log(
      `sealing ${tenants.size} tenants every ${this.config.intervalMs} ms from sequence ${resumeAt} (stream at ${lastSeq})`,
    );
  }

  /**
   * Stops reading, then seals what was read; `sealPending: false` leaves it (as a crash would: the
   * next start reads it again).
   */
  async stop(options: { sealPending?: boolean } = {}): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.messages?.stop();
    this.messages = null;
    if (options.sealPending === false) {
      while (this.flushing) await this.flushing;
      return;
    }
    await this.flush();
  }

  /** Seals every pending event now (after any flush under way). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.requestFlush();
    await this.flushing;
  }

  /** Resolves once the sealer has read the stream up to `seq`. */
  waitForFeed(seq: number, timeoutMs = 10_000): Promise<void> {
    if (this.feedSeq >= seq) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the sealer did not read up to ${seq} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.feedWaiters.push({ seq, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  private onMessage(m: JsMsg): void {
    const tenant = tenantOfSubject(m.subject);
    if (tenant !== null) {
      if (isSealSubject(m.subject)) {
        const seal = sealOf(m.data);
        if (seal) this.ledger.observe(tenant, headOf(seal, m.seq));
      } else {
        this.ledger.record(tenant, { seq: m.seq, id: eventIdOf(m.data) ?? '', digest: messageDigest(m.data) });
        if (this.ledger.pendingCount(tenant) >= this.config.maxEvents) this.requestFlush();
      }
    }
    this.feedSeq = m.seq;
    if (this.feedWaiters.length > 0) {
      const ready = this.feedWaiters.filter((w) => w.seq <= m.seq);
      this.feedWaiters = this.feedWaiters.filter((w) => w.seq > m.seq);
      for (const w of ready) w.resolve();
    }
  }

  private requestFlush(): void {
    if (this.flushing) {
      this.flushAgain = true;
      return;
    }
    this.flushing = this.sealPending()
      .catch((err: Error) => this.logger.warn(`sealing failed, retrying at the next interval: ${err.message}`))
      .finally(() => {
        this.flushing = null;
        if (this.flushAgain) {
          this.flushAgain = false;
          this.requestFlush();
        }
      });
  }

  private async sealPending(): Promise<void> {
    await Promise.all(this.ledger.tenantsWithPending().map((tenant) => this.sealTenant(tenant)));
  }

  /** Appends seals until nothing of the tenant is pending; a conflict re-reads the chain's head. */
  private async sealTenant(tenant: string): Promise<void> {
    let conflicts = 0;
    for (;;) {
      const next = this.ledger.nextSeal(tenant, this.config.maxEvents);
      if (next === null) return;
      const event = newEvent({
        type: 'history.sealed',
        tenant,
        namespace: TENANT_WIDE_NAMESPACE,
        aggregate: SEAL_AGGREGATE,
        actor: SYSTEM_ACTOR,
        payload: next.seal,
      });
      try {
        const { seq } = await this.store.append(event, { expectedLastSubjectSeq: next.expectedLastSubjectSeq });
        this.ledger.observe(tenant, headOf(next.seal, seq));
        conflicts = 0;
      } catch (err) {
        if (!(err instanceof AppendConflictError)) throw err;
        // Another sealer appended first: it seals this tenant too, nothing is lost by waiting.
        if (++conflicts > MAX_CONFLICTS) return;
        await this.reloadHead(tenant);
      }
    }
  }

  private async reloadHead(tenant: string): Promise<void> {
    try {
      const m = await this.store.jsm.streams.getMessage(this.store.stream, { last_by_subj: sealSubject(tenant) });
      const seal = sealOf(m.data);
      if (seal) this.ledger.observe(tenant, headOf(seal, m.seq));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** Every tenant (from its tenant-wide subjects) and the last seal of those that have one. */
  private async findHeads(): Promise<{ heads: Map<string, SealHead>; tenants: Set<string>; lastSeq: number }> {
    const { jsm, js, stream } = this.store;
    const lastSeq = await this.store.lastSeq();
    const heads = new Map<string, SealHead>();
    const tenants = new Set<string>();
    const info = await jsm.consumers.add(stream, {
      filter_subject: TENANT_WIDE_FILTER,
      deliver_policy: DeliverPolicy.LastPerSubject,
      ack_policy: AckPolicy.None,
      mem_storage: true,
      inactive_threshold: nanos(30_000),
    });
    try {
      let remaining = info.num_pending;
      if (remaining > 0) {
        const messages = await (await js.consumers.get(stream, info.name)).consume({ max_messages: 1_000 });
        for await (const m of messages) {
          const tenant = tenantOfSubject(m.subject);
          if (tenant !== null) {
            tenants.add(tenant);
            const seal = isSealSubject(m.subject) ? sealOf(m.data) : null;
            if (seal) heads.set(tenant, headOf(seal, m.seq));
          }
          if (--remaining <= 0) break;
        }
        messages.stop();
      }
    } finally {
      await jsm.consumers.delete(stream, info.name).catch(() => undefined);
    }
    return { heads, tenants, lastSeq };
  }

  /** The first event of the tenant after `sealedThrough` (seals skipped), or null when there is none. */
  private async firstUnsealed(tenant: string, sealedThrough: number): Promise<number | null> {
    const filter = `${SUBJECT_ROOT}.${tenant}.>`;
    let from = sealedThrough;
    for (;;) {
      try {
        const m = await (this.store.jsm as unknown as DirectGet).direct.getMessage(this.store.stream, {
          seq: from + 1,
          next_by_subj: filter,
        });
        if (!isSealSubject(m.subject)) return m.seq;
        from = m.seq;
      } catch (err) {
        if (isNotFound(err)) return null;
        // Without direct get, start right after the last seal: earlier is always safe.
        this.logger.warn(`could not look up the first unsealed event of ${tenant}: ${(err as Error).message}`);
        return sealedThrough + 1;
      }
    }
  }
}
