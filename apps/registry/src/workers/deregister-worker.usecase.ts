import { Injectable } from '@nestjs/common';
import { RequestScope } from '@wharf/auth';
import { EventStore } from '@wharf/event-store';
import { ProjectionRunner } from '@wharf/projections';
import { decideAndAppend } from '../common/decide-and-append';
import { decideWorker, WorkerStatus } from './worker.decider';
import { WorkerLookup } from './worker-lookup';
import { workerEnvelopes } from './worker-events';

/** Deregisters a worker for good; deregistering it again is a harmless retry. */
@Injectable()
export class DeregisterWorker {
  constructor(
    private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
    private readonly lookup: WorkerLookup,
  ) {}

  execute(scope: RequestScope, workerId: string): Promise<{ workerId: string; status: WorkerStatus }> {
    return decideAndAppend(this.store, this.runner, async () => {
      const row = await this.lookup.get(scope, workerId);
      const events = decideWorker({ type: 'deregister-worker', workerId }, { status: row.status });
      return {
        events: workerEnvelopes({ ...scope, workerId }, events),
        expectedLastSubjectSeq: row.lastSeq,
        result: { workerId, status: 'deregistered' },
      };
    });
  }
}
