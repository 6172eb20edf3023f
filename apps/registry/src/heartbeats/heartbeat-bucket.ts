import { KV, KvEntry, QueuedIterator } from 'nats';
import { EventStore } from '@wharf/event-store';

/** Heartbeats are ephemeral signals, not domain events: they live in this KV bucket, never in the stream. */
export const HEARTBEAT_BUCKET = 'wharf-heartbeats';

/**
 * Only the last heartbeat of a worker matters; the bucket's TTL merely cleans up keys of workers
 * that went away. It is far longer than any sensible heartbeat timeout.
 */
const BUCKET_TTL_MS = 60 * 60 * 1000;

/** `<tenant>.<namespace>.<workerId>`: every part is a validated subject token. */
export function heartbeatKey(tenant: string, namespace: string, workerId: string): string {
  return `${tenant}.${namespace}.${workerId}`;
}

function beatTime(entry: KvEntry | null): Date | null {
  if (entry === null || entry.operation !== 'PUT') return null;
  const at = new Date(entry.string());
  return Number.isNaN(at.getTime()) ? null : at;
}

/** The `wharf-heartbeats` bucket: the last heartbeat time of every worker, shared by all registry instances. */
export class HeartbeatBucket {
  private constructor(private readonly kv: KV) {}

  /** Opens the bucket, creating it when it does not exist yet (an existing bucket keeps its configuration). */
  static async open(store: EventStore, env: NodeJS.ProcessEnv = process.env): Promise<HeartbeatBucket> {
    const kv = await store.js.views.kv(HEARTBEAT_BUCKET, {
      history: 1,
      ttl: BUCKET_TTL_MS,
      replicas: Number(env.WHARF_STREAM_REPLICAS ?? 1),
    });
    return new HeartbeatBucket(kv);
  }

  async put(key: string, at: Date): Promise<void> {
    await this.kv.put(key, at.toISOString());
  }

  /** The last heartbeat stored under `key`, read from the server (not from a watch). */
  async last(key: string): Promise<Date | null> {
    return beatTime(await this.kv.get(key));
  }

  /** Every key's last value, then every change; `onInitialized` runs once the existing values were seen. */
  async watch(onInitialized: () => void): Promise<QueuedIterator<KvEntry>> {
    return this.kv.watch({ key: '>', initializedFn: onInitialized });
  }

  static timeOf(entry: KvEntry): Date | null {
    return beatTime(entry);
  }
}
