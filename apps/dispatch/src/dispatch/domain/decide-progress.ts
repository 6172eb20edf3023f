import { EventEnvelope, newEvent } from '@wharf/events';
import { deterministicId } from './deterministic-id';
import { decideAssignment } from './decide-assignment';
import { DispatchContext } from './dispatch-context';
import { DispatchState, RunState } from './dispatch-state';

/**
 * What a run needs next: its first unfinished step assigned (or queued), or the run finished.
 * Steps run in order; a failed step fails the run.
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
  return decideAssignment(state, run, next, context);
}
