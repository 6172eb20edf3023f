import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { KvEntry, QueuedIterator } from 'nats';
import { HeartbeatBucket, heartbeatKey } from './heartbeat-bucket';

/** How long start() waits for the bucket's existing heartbeats before it serves anyway. */
const INITIAL_LOAD_TIMEOUT_MS = 10_000;

/**
 * This instance's copy of the last heartbeat of every worker, kept current by a watch on the
 * heartbeat bucket, so reading it costs no round trip to NATS.
 */
@Injectable()
export class HeartbeatBoard implements OnModuleDestroy {
  private readonly logger = new Logger('HeartbeatBoard');
  private readonly beats = new Map<string, Date>();
  private watch: QueuedIterator<KvEntry> | null = null;
  private started: Promise<void> | null = null;

  constructor(private readonly bucket: HeartbeatBucket) {}

  /** Starts the watch once; resolves when the heartbeats already in the bucket are on the board. */
  start(): Promise<void> {
    this.started ??= this.watchBucket();
    return this.started;
  }

  onModuleDestroy(): void {
    this.watch?.stop();
    this.watch = null;
  }

  /** Notes a heartbeat this instance just stored, without waiting for the watch to bring it back. */
  note(tenant: string, namespace: string, workerId: string, at: Date): void {
    this.keep(heartbeatKey(tenant, namespace, workerId), at);
  }

  lastHeartbeatAt(tenant: string, namespace: string, workerId: string): Date | null {
    return this.beats.get(heartbeatKey(tenant, namespace, workerId)) ?? null;
  }

  private keep(key: string, at: Date): void {
    const known = this.beats.get(key);
    if (known === undefined || known < at) this.beats.set(key, at);
  }

  private async watchBucket(): Promise<void> {
    let initialized!: () => void;
    const loaded = new Promise<void>((resolve) => (initialized = resolve));
    const watch = await this.bucket.watch(() => initialized());
    this.watch = watch;
    void this.follow(watch);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        // The sweeper re-reads a silent worker's key from the bucket before declaring it
        // unavailable, so an incomplete board can delay a read, never cause a wrong decision.
        this.logger.warn(`existing heartbeats not all loaded after ${INITIAL_LOAD_TIMEOUT_MS} ms; serving anyway`);
        resolve();
      }, INITIAL_LOAD_TIMEOUT_MS);
    });
    await Promise.race([loaded, timedOut]);
    clearTimeout(timer);
  }

  private async follow(watch: QueuedIterator<KvEntry>): Promise<void> {
    try {
      for await (const entry of watch) {
        const at = HeartbeatBucket.timeOf(entry);
        if (at === null) this.beats.delete(entry.key);
        else this.keep(entry.key, at);
      }
    } catch (err) {
      this.logger.error(`heartbeat watch stopped: ${(err as Error).message}`);
    }
  }
}
