import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RequestScope } from '@wharf/auth';
import { EventStore } from '@wharf/event-store';
import { ProjectionRunner } from '@wharf/projections';
import { decideAndAppend } from '../common/decide-and-append';
import { HeartbeatConfig, InjectHeartbeatConfig } from '../heartbeats/heartbeat-config';
import { DEFAULT_MAX_RUNS, RegisterWorkerDto } from './dto/register-worker.dto';
import { decideWorker, initialWorkerState, WorkerStatus } from './worker.decider';
import { workerEnvelopes } from './worker-events';

export interface RegisteredWorker {
  workerId: string;
  name: string;
  namespace: string;
  actions: string[];
  maxRuns: number;
  labels: Record<string, string>;
  status: WorkerStatus;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
}

/** Registers a worker in the request's tenant and namespace under a new, server-chosen id. */
@Injectable()
export class RegisterWorker {
  constructor(
    private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
    @InjectHeartbeatConfig() private readonly heartbeats: HeartbeatConfig,
  ) {}

  async execute(scope: RequestScope, dto: RegisterWorkerDto): Promise<RegisteredWorker> {
    const workerId = randomUUID();
    const command = {
      type: 'register-worker' as const,
      workerId,
      name: dto.name,
      actions: dto.actions,
      maxRuns: dto.maxRuns ?? DEFAULT_MAX_RUNS,
      labels: dto.labels ?? {},
    };
    return decideAndAppend(this.store, this.runner, async () => ({
      // A fresh UUID names a new aggregate: its subject must be empty.
      events: workerEnvelopes({ ...scope, workerId }, decideWorker(command, initialWorkerState)),
      expectedLastSubjectSeq: 0,
      result: {
        workerId,
        name: command.name,
        namespace: scope.namespace,
        actions: command.actions,
        maxRuns: command.maxRuns,
        labels: command.labels,
        status: 'available',
        heartbeatIntervalMs: this.heartbeats.intervalMs,
        heartbeatTimeoutMs: this.heartbeats.timeoutMs,
      },
    }));
  }
}
