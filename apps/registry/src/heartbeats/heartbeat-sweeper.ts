import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppendConflictError, EventStore } from '@wharf/event-store';
import { SYSTEM_ACTOR } from '@wharf/events';
import { decideWorker } from '../workers/worker.decider';
import { WorkerEntity } from '../workers/worker.entity';
import { workerEnvelopes } from '../workers/worker-events';
import { HeartbeatBoard } from './heartbeat-board';
import { HeartbeatBucket, heartbeatKey } from './heartbeat-bucket';
import { HeartbeatConfig, InjectHeartbeatConfig } from './heartbeat-config';
import { heartbeatOverdue } from './heartbeat-deadline';

function later(a: Date | null, b: Date | null): Date | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

/**
 * Declares workers whose heartbeats stopped unavailable. Every registry instance sweeps; each
 * declaration is appended expecting the worker's last subject sequence, so when several instances
 * (or a heartbeat) race for the same worker exactly one event is recorded and the others are
 * refused by JetStream and skip it.
 */
@Injectable()
export class HeartbeatSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('HeartbeatSweeper');
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<number> | null = null;

  constructor(
    private readonly store: EventStore,
    @InjectRepository(WorkerEntity) private readonly workers: Repository<WorkerEntity>,
    private readonly bucket: HeartbeatBucket,
    private readonly board: HeartbeatBoard,
    @InjectHeartbeatConfig() private readonly config: HeartbeatConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  /** Sweeps every `sweepMs` once the board holds the heartbeats already in the bucket. */
  async start(): Promise<void> {
    await this.board.start();
    if (this.timer !== null) return;
    this.timer = setInterval(() => {
      if (this.sweeping !== null) return;
      this.sweeping = this.sweep()
        .catch((err: Error) => {
          this.logger.error(`sweep failed: ${err.message}`);
          return 0;
        })
        .finally(() => (this.sweeping = null));
    }, this.config.sweepMs);
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping;
  }

  /** Declares every overdue available worker unavailable as of `now`; returns how many this call recorded. */
  async sweep(now: Date = new Date()): Promise<number> {
    const available = await this.workers.findBy({ status: 'available' });
    let declared = 0;
    for (const row of available) {
      if (await this.declareIfSilent(row, now)) declared += 1;
    }
    return declared;
  }

  private async declareIfSilent(row: WorkerEntity, now: Date): Promise<boolean> {
    const availableSince = new Date(row.availableSince);
    const { timeoutMs } = this.config;
    let lastHeartbeatAt = this.board.lastHeartbeatAt(row.tenant, row.namespace, row.workerId);
    if (!heartbeatOverdue({ lastHeartbeatAt, availableSince, now, timeoutMs })) return false;
    // The board follows the bucket with a small delay: ask the bucket itself before deciding.
    lastHeartbeatAt = later(
      lastHeartbeatAt,
      await this.bucket.last(heartbeatKey(row.tenant, row.namespace, row.workerId)),
    );
    if (!heartbeatOverdue({ lastHeartbeatAt, availableSince, now, timeoutMs })) return false;
    const events = decideWorker(
      { type: 'declare-unavailable', workerId: row.workerId, lastHeartbeatAt: lastHeartbeatAt?.toISOString() ?? null },
      { status: row.status },
    );
    if (events.length === 0) return false;
    try {
      await this.store.appendAll(
        workerEnvelopes(
          { tenant: row.tenant, namespace: row.namespace, workerId: row.workerId, actor: SYSTEM_ACTOR },
          events,
        ),
        row.lastSeq,
      );
      return true;
    } catch (err) {
      // Another instance declared it first, or a heartbeat or deregistration changed the worker
      // since this read: either way the next sweep decides again from the new state.
      if (err instanceof AppendConflictError) return false;
      throw err;
    }
  }
}
