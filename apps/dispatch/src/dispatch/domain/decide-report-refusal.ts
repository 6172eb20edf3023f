import { EventEnvelope, newEvent } from '@wharf/events';
import { deterministicId } from './deterministic-id';
import { DispatchContext } from './dispatch-context';
import { ReportStep } from './decide-step-report';
import { DispatchState } from './dispatch-state';

/** What the refusal rule needs to know of a step, from the dispatch state or, once its run finished, the read model. */
export interface StepAttempts {
  runId: string;
  tenant: string;
  namespace: string;
  /** The run's correlation id (the id of the event that started it). */
  correlationId: string;
  stepRunId: string;
  currentAttempt: number;
  /** False when the current attempt was taken back from its worker (lost or handed back) and not assigned again yet. */
  currentHeld: boolean;
  /** The worker an attempt was assigned to, when known. */
  workerOf(attempt: number): string | undefined;
  /** True when a refusal of this attempt and outcome is already recorded. */
  refusalRecorded(attempt: number, outcome: ReportStep['report']['outcome']): boolean;
}

/** The refusal rule's view of a step the dispatcher still holds in memory; undefined when it does not. */
export function stepAttemptsInState(state: DispatchState, command: ReportStep): StepAttempts | undefined {
  const step = state.stepRuns.get(command.stepRunId);
  const run = step ? state.runs.get(step.runId) : undefined;
  if (!step || !run || run.tenant !== command.tenant || run.namespace !== command.namespace) return undefined;
  return {
    runId: run.runId,
    tenant: run.tenant,
    namespace: run.namespace,
    correlationId: run.eventId,
    stepRunId: step.stepRunId,
    currentAttempt: step.attempt,
    currentHeld: step.workerId !== null,
    workerOf: (attempt) => step.attemptWorkers?.get(attempt),
    refusalRecorded: (attempt, outcome) => step.refusedReports?.has(`${attempt}:${outcome}`) ?? false,
  };
}

/**
 * Fencing, for the audit: a report on an attempt that is no longer current — an earlier attempt,
 * or the current one after it was taken back from its worker — is refused and recorded as
 * `step.report-refused`, which is never applied to the step. The event id is derived from
 * (step run, attempt, outcome), and a refusal already recorded records nothing, so a worker
 * repeating its late report does not flood the stream. Attempts that never existed (0, or beyond
 * the current one) record nothing either: no one can write history for them.
 */
export function decideReportRefusal(
  step: StepAttempts | undefined,
  command: ReportStep,
  context: DispatchContext,
): EventEnvelope<'step.report-refused'>[] {
  if (!step) return [];
  const { attempt } = command;
  const outcome = command.report.outcome;
  const stale = attempt < step.currentAttempt || (attempt === step.currentAttempt && !step.currentHeld);
  if (attempt < 1 || !stale || step.refusalRecorded(attempt, outcome)) return [];
  const workerId = step.workerOf(attempt);
  const reason =
    attempt < step.currentAttempt
      ? `attempt ${attempt} is no longer current: the step was assigned again (current attempt: ${step.currentAttempt})`
      : `attempt ${attempt} is no longer current: it was taken back from its worker`;
  return [
    newEvent({
      id: deterministicId(step.stepRunId, 'report-refused', String(attempt), outcome),
      type: 'step.report-refused',
      tenant: step.tenant,
      namespace: step.namespace,
      aggregate: { type: 'run', id: step.runId },
      actor: command.actor,
      correlationId: step.correlationId,
      occurredAt: context.now,
      payload: {
        runId: step.runId,
        stepRunId: step.stepRunId,
        attempt,
        currentAttempt: step.currentAttempt,
        ...(workerId === undefined ? {} : { workerId }),
        outcome,
        reason,
      },
    }),
  ];
}
