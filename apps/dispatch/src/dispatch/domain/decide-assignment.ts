import { AssignmentReason, EventEnvelope, newEvent } from '@wharf/events';
import { chooseWorker } from './choose-worker';
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
import { affinityScore, hasRequiredLabels } from './label-affinity';
import { retryDue } from './retry-policy';

/**
 * Workers that may take the step, sorted by worker id: same tenant and namespace, handle its
 * action, have a free slot and carry every label the step requires.
 */
export function candidatesFor(state: DispatchState, run: RunState, step: StepRunState): WorkerState[] {
  const candidates: WorkerState[] = [];
  for (const worker of state.workers.values()) {
    if (
      worker.tenant === run.tenant &&
      worker.namespace === run.namespace &&
      worker.actions.has(step.action) &&
      hasFreeSlot(worker) &&
      hasRequiredLabels(worker.labels, step.affinity)
    ) {
      candidates.push(worker);
    }
  }
  return candidates.sort((a, b) => (a.workerId < b.workerId ? -1 : a.workerId > b.workerId ? 1 : 0));
}

/** The workers the strategy chooses among, and the sticky part of the reason it will record. */
export interface CandidatePool {
  pool: WorkerState[];
  sticky: AssignmentReason['sticky'];
}

/**
 * The pool a step's strategy chooses from, after the rules in order: the required labels exclude
 * (`candidatesFor`); a hard sticky step keeps only the worker that ran the run's first step (none
 * free: an empty pool, the step waits); a soft sticky step takes that worker when it qualifies;
 * otherwise the weighted labels rank the candidates and only the best-ranked remain.
 */
export function candidatePool(state: DispatchState, run: RunState, step: StepRunState): CandidatePool {
  const candidates = candidatesFor(state, run, step);
  const firstWorker = step.index > 0 && step.sticky !== undefined ? run.steps[0].workerId : null;
  if (firstWorker !== null) {
    const sticky = candidates.filter((w) => w.workerId === firstWorker);
    if (step.sticky === 'hard') return { pool: sticky, sticky: 'required' };
    if (sticky.length > 0) return { pool: sticky, sticky: 'preferred' };
  }
  if (candidates.length === 0 || !step.affinity?.weighted?.length) return { pool: candidates, sticky: null };
  const scores = candidates.map((w) => affinityScore(w.labels, step.affinity));
  const best = Math.max(...scores);
  return { pool: candidates.filter((_, i) => scores[i] === best), sticky: null };
}

/**
 * Whether a step that never waited must queue behind the waiting steps of its action: when one of
 * them could be assigned now (the drain gives it the free slot first). Steps that wait for a
 * worker only they may take (a required label, a hard sticky worker) do not hold the others back.
 */
function queuesBehindOthers(state: DispatchState, waiting: readonly string[]): boolean {
  return waiting.some((stepRunId) => {
    const step = state.stepRuns.get(stepRunId);
    const run = step === undefined ? undefined : state.runs.get(step.runId);
    return step !== undefined && run !== undefined && candidatePool(state, run, step).pool.length > 0;
  });
}

function stepInput(run: RunState, step: StepRunState): unknown {
  if (step.index === 0) return run.input;
  return run.steps[step.index - 1].output;
}

/**
 * Assigns a step that needs a worker — waiting, or held by a worker that is gone — to the worker
 * its strategy (`random` by default) chooses among the best-ranked candidates (`candidatePool`),
 * or queues it when no worker qualifies. The strategy, the pool, the draw and — for a step with an
 * affinity or a sticky option — the reason are recorded, so the audit can check the choice and a
 * replay reproduces it. A step that never waited queues behind steps already waiting for the same
 * action that could take a free worker: the queue is first in, first out.
 */
export function decideAssignment(
  state: DispatchState,
  run: RunState,
  step: StepRunState,
  context: DispatchContext,
): EventEnvelope<'step.assigned' | 'step.queued'>[] {
  if (!needsWorker(state, step) && !retryDue(step, context.now)) return [];
  const key = scopeKey(run.tenant, run.namespace, step.action);
  const waiting = state.queues.get(key);
  const { pool, sticky } = candidatePool(state, run, step);
  const behindOthers =
    pool.length > 0 && step.status !== 'queued' && waiting !== undefined && queuesBehindOthers(state, waiting);
  const candidates = behindOthers ? [] : pool;
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
  const strategy = step.strategy ?? 'random';
  const chosen =
    sticky !== null
      ? candidates[0]
      : chooseWorker(candidates, { strategy, draw, lastRoundRobin: state.roundRobin.get(key) });
  const reason: AssignmentReason | undefined =
    step.affinity === undefined && step.sticky === undefined
      ? undefined
      : { requiredLabels: step.affinity?.required ?? {}, score: affinityScore(chosen.labels, step.affinity), sticky };
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
        strategy,
        candidates: candidates.map((c) => c.workerId),
        draw,
        input: stepInput(run, step),
        ...(reason === undefined ? {} : { reason }),
      },
    }),
  ];
}
