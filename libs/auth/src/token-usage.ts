import { KV } from 'nats';
import { EventStore } from '@wharf/event-store';

/** "Last used" is a signal, not a domain event: it lives in this KV bucket, never in the stream. */
export const TOKEN_USAGE_BUCKET = 'wharf-token-usage';

/** A token's last use is recorded at most this often per service instance. */
export const TOKEN_USAGE_GRANULARITY_MS = 60_000;

/**
 * The time each token was last used, as every service saw it. Recording is throttled per token
 * and fire-and-forget, so authentication never waits for it; a lost write only makes "last used"
 * up to a minute older than it is.
 */
export class TokenUsage {
  private readonly recorded = new Map<string, number>();
  private kv: Promise<KV> | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly clock: () => number = Date.now,
  ) {}

  private bucket(): Promise<KV> {
    this.kv ??= this.store.js.views
      .kv(TOKEN_USAGE_BUCKET, { history: 1, replicas: Number(process.env.WHARF_STREAM_REPLICAS ?? 1) })
      .catch((err: unknown) => {
        this.kv = null;
        throw err;
      });
    return this.kv;
  }

  /** Notes that `tokenId` was used now; writes to the bucket at most once a granule. */
  record(tokenId: string): void {
    const now = this.clock();
    const last = this.recorded.get(tokenId);
    if (last !== undefined && now - last < TOKEN_USAGE_GRANULARITY_MS) return;
    this.recorded.set(tokenId, now);
    void this.bucket()
      .then((kv) => kv.put(tokenId, new Date(now).toISOString()))
      .catch(() => this.recorded.delete(tokenId));
  }

  /** The last recorded use of `tokenId`, or null when it was never used (or not within the bucket's memory). */
  async lastUsed(tokenId: string): Promise<string | null> {
    const entry = await (await this.bucket()).get(tokenId);
    return entry === null || entry.operation !== 'PUT' ? null : entry.string();
  }
}
