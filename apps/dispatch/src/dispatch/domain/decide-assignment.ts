import { EventEnvelope, newEvent } from '@wharf/events';
import { deterministicId } from './deterministic-id';
import { DispatchContext } from './dispatch-context';
import {
  DispatchState,
  hasFreeSlot,
  needsWorker,
  RunState,
  scopeKey,
  StepRunState,
  WorkerState,
} from './dispatch-state';

/** Workers that may take the step: same tenant and namespace, handle its action, have a free slot. */
export function candidatesFor(state: DispatchState, run: RunState, step: StepRunState): WorkerState[] {
  const candidates: WorkerState[] = [];
  for (const worker of state.workers.values()) {
    if (
      worker.tenant === run.tenant &&
      worker.namespace === run.namespace &&
      worker.actions.has(step.action) &&
      hasFreeSlot(worker)
    ) {
      candidates.push(worker);
    }
  }
  return candidates.sort((a, b) => (a.workerId < b.workerId ? -1 : a.workerId > b.workerId ? 1 : 0));
}

function stepInput(run: RunState, step: StepRunState): unknown {
  if (step.index === 0) return run.input;
  return run.steps[step.index - 1].output;
}

/**
 * Assigns a step that needs a worker — waiting, or held by a worker that is gone — to a uniformly
 * random candidate (the draw and every candidate are recorded, so the audit can check the choice
 * and a replay reproduces it), or queues it when no worker qualifies. A step that never waited
 * queues behind steps already waiting for the same action: the queue is first in, first out.
 */
export function decideAssignment(
  state: DispatchState,
  run: RunState,
  step: StepRunState,
  context: DispatchContext,
): EventEnvelope<'step.assigned' | 'step.queued'>[] {
  if (!needsWorker(state, step)) return [];
  const waiting = state.queues.get(scopeKey(run.tenant, run.namespace, step.action));
  const behindOthers = step.status !== 'queued' && waiting !== undefined && waiting.length > 0;
  const candidates = behindOthers ? [] : candidatesFor(state, run, step);
  const base = { tenant: run.tenant, namespace: run.namespace, aggregate: { type: 'run' as const, id: run.runId } };
  if (candidates.length === 0) {
    if (step.status === 'queued') return [];
    return [
      newEvent({
        ...base,
        id: deterministicId(step.stepRunId, 'queued', String(step.attempt)),
        type: 'step.queued',
        actor: 'system',
        correlationId: run.eventId,
        occurredAt: context.now,
        payload: {
          runId: run.runId,
          stepRunId: step.stepRunId,
          step: step.step,
          action: step.action,
          reason: 'no-available-worker',
        },
      }),
    ];
  }
  const draw = context.random();
  const chosen = candidates[Math.min(candidates.length - 1, Math.floor(draw * candidates.length))];
  const attempt = step.attempt + 1;
  return [
    newEvent({
      ...base,
      id: deterministicId(step.stepRunId, 'assigned', String(attempt)),
      type: 'step.assigned',
      actor: 'system',
      correlationId: run.eventId,
      occurredAt: context.now,
      payload: {
        runId: run.runId,
        stepRunId: step.stepRunId,
        step: step.step,
        action: step.action,
        attempt,
        workerId: chosen.workerId,
        workerName: chosen.name,
        strategy: 'random',
        candidates: candidates.map((c) => c.workerId),
        draw,
        input: stepInput(run, step),
      },
    }),
  ];
}
