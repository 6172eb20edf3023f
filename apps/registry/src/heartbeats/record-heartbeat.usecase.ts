import { Injectable } from '@nestjs/common';
import { RequestScope } from '@wharf/auth';
import { EventStore } from '@wharf/event-store';
import { ProjectionRunner } from '@wharf/projections';
import { decideAndAppend } from '../common/decide-and-append';
import { decideWorker, evolveWorker, WorkerStatus } from '../workers/worker.decider';
import { workerEnvelopes } from '../workers/worker-events';
import { WorkerLookup } from '../workers/worker-lookup';
import { HeartbeatBoard } from './heartbeat-board';
import { HeartbeatBucket, heartbeatKey } from './heartbeat-bucket';

/**
 * Records that a worker is alive. The heartbeat itself only goes to the KV bucket; the stream gets
 * an event only when it changes the worker's state (an unavailable worker became available).
 */
@Injectable()
export class RecordHeartbeat {
  constructor(
    private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
    private readonly lookup: WorkerLookup,
    private readonly bucket: HeartbeatBucket,
    private readonly board: HeartbeatBoard,
  ) {}

  execute(scope: RequestScope, workerId: string): Promise<{ workerId: string; status: WorkerStatus }> {
    let stored = false;
    return decideAndAppend(this.store, this.runner, async () => {
      const row = await this.lookup.get(scope, workerId);
      const state = { status: row.status };
      const events = decideWorker({ type: 'record-heartbeat', workerId }, state);
      // Stored before the worker is declared available again, so no sweeper finds it available
      // with only its old heartbeat to go by.
      if (!stored) {
        const at = new Date();
        await this.bucket.put(heartbeatKey(scope.tenant, scope.namespace, workerId), at);
        this.board.note(scope.tenant, scope.namespace, workerId, at);
        stored = true;
      }
      const next = events.reduce(evolveWorker, state);
      return {
        events: workerEnvelopes({ ...scope, workerId }, events),
        expectedLastSubjectSeq: row.lastSeq,
        result: { workerId, status: next.status as WorkerStatus },
      };
    });
  }
}
