import { EventEnvelope, newEvent } from '@wharf/events';
import { deterministicId } from './deterministic-id';
import { decideAssignment } from './decide-assignment';
import { DispatchContext } from './dispatch-context';
import { DispatchState, needsWorker, RunState, StepRunState } from './dispatch-state';
import { decideRetry, hasRetryLeft } from './retry-policy';

/** The step is held by a worker that is gone: it would be reassigned now. */
function heldByLostWorker(state: DispatchState, step: StepRunState): boolean {
  return (step.status === 'assigned' || step.status === 'started') && needsWorker(state, step);
}

/**
 * What a run needs next: its first unfinished step assigned (or queued), or the run finished.
 * Steps run in order; a failed step fails the run, unless its retry policy still allows a retry. A step whose worker is lost is reassigned as a
 * new attempt until it was reassigned `context.maxReassignments` times; the next loss fails it
 * (and the run) with a reason that says so. Hand-backs (`step.released`) do not count.
 */
export function decideRunProgress(state: DispatchState, run: RunState, context: DispatchContext): EventEnvelope[] {
  const base = {
    tenant: run.tenant,
    namespace: run.namespace,
    aggregate: { type: 'run' as const, id: run.runId },
    actor: 'system',
    correlationId: run.eventId,
    occurredAt: context.now,
  };
  const failed = run.steps.find((s) => s.status === 'failed');
  // A retryable failure whose retry was not recorded (a crash between the two appends) is retried
  // now; the retry's id is derived from the attempt, so a retry that was recorded is not repeated.
  if (failed?.failureRetryable && hasRetryLeft(failed)) return [decideRetry(run, failed, 'failed', context)];
  if (failed) {
    return [
      newEvent({
        ...base,
        id: deterministicId(run.runId, 'run.failed'),
        type: 'run.failed',
        payload: { runId: run.runId, stepRunId: failed.stepRunId, error: `step "${failed.step}" failed` },
      }),
    ];
  }
  const next = run.steps.find((s) => s.status !== 'completed');
  if (!next) {
    return [
      newEvent({
        ...base,
        id: deterministicId(run.runId, 'run.completed'),
        type: 'run.completed',
        payload: { runId: run.runId, output: run.steps[run.steps.length - 1]?.output ?? null },
      }),
    ];
  }
  const limit = context.maxReassignments;
  if (limit !== undefined && heldByLostWorker(state, next) && (next.reassignments ?? 0) >= limit) {
    const losses = (next.reassignments ?? 0) + 1;
    const error = `worker lost ${losses} ${losses === 1 ? 'time' : 'times'} (limit ${limit} ${limit === 1 ? 'reassignment' : 'reassignments'})`;
    return [
      newEvent({
        ...base,
        id: deterministicId(next.stepRunId, 'reassignment-limit', String(next.attempt)),
        type: 'step.failed',
        payload: {
          runId: run.runId,
          stepRunId: next.stepRunId,
          attempt: next.attempt,
          workerId: next.workerId as string,
          error,
          reason: 'reassignment-limit',
        },
      }),
      newEvent({
        ...base,
        id: deterministicId(run.runId, 'run.failed'),
        type: 'run.failed',
        payload: { runId: run.runId, stepRunId: next.stepRunId, error: `step "${next.step}" failed: ${error}` },
      }),
    ];
  }
  return decideAssignment(state, run, next, context);
}
