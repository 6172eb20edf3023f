import { EventEnvelope, newEvent } from '@wharf/events';
import { decideAssignment } from './decide-assignment';
import { deterministicId } from './deterministic-id';
import { DispatchContext } from './dispatch-context';
import { DispatchState, RunState, StepRunState } from './dispatch-state';
import { decideRetry, hasRetryLeft, retryDue } from './retry-policy';

/** How long the step may wait for a worker; undefined: no limit. */
export function scheduleTimeoutOf(step: StepRunState, context: DispatchContext): number | undefined {
  return step.timeouts?.scheduleMs ?? context.scheduleTimeoutMs;
}

/** How long an attempt of the step may run; undefined: no limit. */
export function executionTimeoutOf(step: StepRunState, context: DispatchContext): number | undefined {
  return step.timeouts?.executionMs ?? context.executionTimeoutMs;
}

type Due = 'schedule-timeout' | 'execution-timeout' | 'retry';

/** What is due for the step at `context.now`, from the times folded into the state; undefined: nothing. */
export function dueFor(step: StepRunState, context: DispatchContext): Due | undefined {
  const now = context.now.getTime();
  if (step.status === 'queued' && step.queuedAt !== undefined) {
    const limit = scheduleTimeoutOf(step, context);
    if (limit !== undefined && Date.parse(step.queuedAt) + limit <= now) return 'schedule-timeout';
  }
  if ((step.status === 'assigned' || step.status === 'started') && step.workerId !== null) {
    const limit = executionTimeoutOf(step, context);
    if (limit !== undefined && step.assignedAt !== undefined && Date.parse(step.assignedAt) + limit <= now) {
      return 'execution-timeout';
    }
  }
  if (retryDue(step, context.now)) return 'retry';
  return undefined;
}

/**
 * The steps with something due at `context.now` — a schedule or an execution timeout passed, a
 * retry due — in run order. Only a run's current step (its first unfinished one) can have a
 * deadline, so this looks at one step per unfinished run.
 */
export function dueSteps(state: DispatchState, context: DispatchContext): string[] {
  const due: string[] = [];
  for (const run of state.runs.values()) {
    const current = run.steps.find((s) => s.status !== 'completed');
    if (current !== undefined && dueFor(current, context) !== undefined) due.push(current.stepRunId);
  }
  return due;
}

function onRun(run: RunState, context: DispatchContext) {
  return {
    tenant: run.tenant,
    namespace: run.namespace,
    aggregate: { type: 'run' as const, id: run.runId },
    actor: 'system',
    correlationId: run.eventId,
    occurredAt: context.now,
  };
}

function failStep(
  run: RunState,
  step: StepRunState,
  workerId: string | null,
  reason: 'schedule-timeout' | 'execution-timeout',
  error: string,
  context: DispatchContext,
): EventEnvelope[] {
  return [
    newEvent({
      ...onRun(run, context),
      id: deterministicId(step.stepRunId, reason, String(step.attempt)),
      type: 'step.failed',
      payload: { runId: run.runId, stepRunId: step.stepRunId, attempt: step.attempt, workerId, error, reason },
    }),
    newEvent({
      ...onRun(run, context),
      id: deterministicId(run.runId, 'run.failed'),
      type: 'run.failed',
      payload: { runId: run.runId, stepRunId: step.stepRunId, error: `step "${step.step}" failed: ${error}` },
    }),
  ];
}

/**
 * What a step's deadline decides at `context.now`:
 * - waited in the queue past its schedule timeout: `step.timed-out` (phase `schedule`), the step
 *   and the run fail with a readable reason — never retried (no worker would take it anyway);
 * - its attempt ran past its execution timeout: `step.timed-out` (phase `execution`; the attempt is
 *   taken from its worker, which is sent a cancel signal), then a retry when its policy has one
 *   left, else the step and the run fail;
 * - its retry is due: the step is assigned (or queued) like a waiting one.
 */
export function decideDeadline(state: DispatchState, stepRunId: string, context: DispatchContext): EventEnvelope[] {
  const step = state.stepRuns.get(stepRunId);
  const run = step === undefined ? undefined : state.runs.get(step.runId);
  if (step === undefined || run === undefined) return [];
  const due = dueFor(step, context);
  if (due === 'retry') return decideAssignment(state, run, step, context);
  if (due === undefined) return [];
  const phase = due === 'schedule-timeout' ? 'schedule' : 'execution';
  const afterMs = (phase === 'schedule' ? scheduleTimeoutOf(step, context) : executionTimeoutOf(step, context)) ?? 0;
  const workerId = phase === 'schedule' ? null : step.workerId;
  const timedOut = newEvent({
    ...onRun(run, context),
    id: deterministicId(step.stepRunId, 'timed-out', phase, String(step.attempt)),
    type: 'step.timed-out',
    payload: { runId: run.runId, stepRunId: step.stepRunId, attempt: step.attempt, workerId, phase, afterMs },
  });
  if (phase === 'schedule') {
    const error = `no worker took the step within its schedule timeout of ${afterMs} ms`;
    return [timedOut, ...failStep(run, step, null, 'schedule-timeout', error, context)];
  }
  if (hasRetryLeft(step)) return [timedOut, decideRetry(run, step, 'execution-timeout', context)];
  const retries = step.retries ?? 0;
  const error =
    `attempt ${step.attempt} ran longer than its execution timeout of ${afterMs} ms` +
    (retries > 0 ? ` (after ${retries} ${retries === 1 ? 'retry' : 'retries'})` : '');
  return [timedOut, ...failStep(run, step, workerId, 'execution-timeout', error, context)];
}
