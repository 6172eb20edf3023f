import { EntityManager } from 'typeorm';
import { AnyStoredEvent } from '@wharf/events';
import { Projection } from '@wharf/projections';
import { AssignmentEntity } from './assignment.entity';
import { EventEntity } from './event.entity';
import { asJson } from './json-value';
import { RunEntity } from './run.entity';
import { StepRunEntity } from './step-run.entity';

/** Events, runs, step runs and every assignment, as the dispatch service answers queries. */
export class DispatchProjection implements Projection {
  readonly entities = [EventEntity, RunEntity, StepRunEntity, AssignmentEntity];
  readonly aggregateTypes = ['event', 'run'] as const;

  async apply(event: AnyStoredEvent, em: EntityManager): Promise<void> {
    switch (event.type) {
      case 'event.pushed':
        await em.insert(EventEntity, {
          eventId: event.payload.eventId,
          tenant: event.tenant,
          namespace: event.namespace,
          key: event.payload.key,
          payload: asJson(event.payload.payload),
          metadata: event.payload.metadata,
          runs: event.payload.runs,
          pushedAt: event.occurredAt,
          actor: event.actor,
          seq: event.seq,
        });
        return;
      case 'run.started':
        await em.insert(RunEntity, {
          runId: event.payload.runId,
          tenant: event.tenant,
          namespace: event.namespace,
          workflow: event.payload.workflow,
          workflowVersion: event.payload.workflowVersion,
          eventId: event.payload.eventId,
          eventKey: event.payload.eventKey,
          status: 'running',
          input: asJson(event.payload.input),
          output: null,
          error: null,
          startedAt: event.occurredAt,
          finishedAt: null,
          startedSeq: event.seq,
          lastSeq: event.seq,
        });
        await em.insert(
          StepRunEntity,
          event.payload.steps.map((s, position) => ({
            stepRunId: s.stepRunId,
            runId: event.payload.runId,
            tenant: event.tenant,
            namespace: event.namespace,
            position,
            step: s.step,
            action: s.action,
            status: 'pending' as const,
            attempt: 0,
            workerId: null,
            output: null,
            error: null,
            queuedAt: null,
          })),
        );
        return;
      case 'step.queued':
        await em.update(
          StepRunEntity,
          { stepRunId: event.payload.stepRunId },
          { status: 'queued', queuedAt: event.occurredAt },
        );
        await this.touchRun(em, event.payload.runId, event.seq);
        return;
      case 'step.assigned':
        await em.update(
          StepRunEntity,
          { stepRunId: event.payload.stepRunId },
          { status: 'assigned', attempt: event.payload.attempt, workerId: event.payload.workerId },
        );
        await em.insert(AssignmentEntity, {
          id: `${event.payload.stepRunId}:${event.payload.attempt}`,
          stepRunId: event.payload.stepRunId,
          runId: event.payload.runId,
          tenant: event.tenant,
          namespace: event.namespace,
          attempt: event.payload.attempt,
          workerId: event.payload.workerId,
          workerName: event.payload.workerName,
          strategy: event.payload.strategy,
          candidates: event.payload.candidates,
          draw: event.payload.draw,
          outcome: 'assigned',
          assignedAt: event.occurredAt,
          startedAt: null,
          finishedAt: null,
          seq: event.seq,
        });
        await this.touchRun(em, event.payload.runId, event.seq);
        return;
      case 'step.started':
        await em.update(StepRunEntity, { stepRunId: event.payload.stepRunId }, { status: 'started' });
        await em.update(
          AssignmentEntity,
          { id: `${event.payload.stepRunId}:${event.payload.attempt}` },
          { outcome: 'started', startedAt: event.occurredAt },
        );
        await this.touchRun(em, event.payload.runId, event.seq);
        return;
      case 'step.completed':
        await em.update(
          StepRunEntity,
          { stepRunId: event.payload.stepRunId },
          { status: 'completed', output: asJson(event.payload.output) },
        );
        await em.update(
          AssignmentEntity,
          { id: `${event.payload.stepRunId}:${event.payload.attempt}` },
          { outcome: 'completed', finishedAt: event.occurredAt },
        );
        await this.touchRun(em, event.payload.runId, event.seq);
        return;
      case 'step.failed':
        await em.update(
          StepRunEntity,
          { stepRunId: event.payload.stepRunId },
          { status: 'failed', error: event.payload.error },
        );
        await em.update(
          AssignmentEntity,
          { id: `${event.payload.stepRunId}:${event.payload.attempt}` },
          { outcome: 'failed', finishedAt: event.occurredAt },
        );
        await this.touchRun(em, event.payload.runId, event.seq);
        return;
      case 'run.completed':
        await em.update(
          RunEntity,
          { runId: event.payload.runId },
          {
            status: 'completed',
            output: asJson(event.payload.output),
            finishedAt: event.occurredAt,
            lastSeq: event.seq,
          },
        );
        return;
      case 'run.failed':
        await em.update(
          RunEntity,
          { runId: event.payload.runId },
          { status: 'failed', error: event.payload.error, finishedAt: event.occurredAt, lastSeq: event.seq },
        );
        return;
      default:
        return;
    }
  }

  private async touchRun(em: EntityManager, runId: string, seq: number): Promise<void> {
    await em.update(RunEntity, { runId }, { lastSeq: seq });
  }
}
