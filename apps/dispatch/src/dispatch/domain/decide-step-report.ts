import { EventEnvelope, newEvent } from '@wharf/events';
import { deterministicId } from './deterministic-id';
import { DispatchContext } from './dispatch-context';
import { DispatchRejection } from './dispatch-rejection';
import { DispatchState } from './dispatch-state';
import { decideRetry, hasRetryLeft } from './retry-policy';

export type StepReport =
  | { outcome: 'started' }
  | { outcome: 'completed'; output: unknown }
  | { outcome: 'failed'; error: string; retryable?: boolean }
  | { outcome: 'released' };

export interface ReportStep {
  tenant: string;
  namespace: string;
  stepRunId: string;
  attempt: number;
  actor: string;
  report: StepReport;
}

/**
 * A worker's report on the attempt it was given. Reporting the same outcome twice changes nothing;
 * a report for another attempt (a stale worker) or contradicting the recorded outcome is refused
 * (see decideReportRefusal for what a stale report leaves in the stream). `released` hands an
 * unfinished attempt back; once the attempt finished there is nothing left to hand back. A failed
 * attempt is retried when the step's retry policy has a retry left, unless the handler said the
 * error is not retryable (`retryable: false`).
 */
export function decideStepReport(state: DispatchState, command: ReportStep, context: DispatchContext): EventEnvelope[] {
  const step = state.stepRuns.get(command.stepRunId);
  const run = step ? state.runs.get(step.runId) : undefined;
  if (!step || !run || run.tenant !== command.tenant || run.namespace !== command.namespace) {
    throw new DispatchRejection(404, `step run "${command.stepRunId}" not found`);
  }
  if (command.attempt !== step.attempt || step.workerId === null) {
    throw new DispatchRejection(
      409,
      `attempt ${command.attempt} of step run "${step.stepRunId}" is not current (current attempt: ${step.attempt})`,
    );
  }
  const outcome = command.report.outcome;
  if (outcome === 'started') {
    // A repeated or late "started" (the step already moved on) changes nothing.
    if (step.status !== 'assigned') return [];
  } else if (outcome === 'released') {
    if (step.status !== 'assigned' && step.status !== 'started') return [];
  } else if (step.status === 'completed' || step.status === 'failed') {
    if (step.status === outcome) return [];
    throw new DispatchRejection(409, `step run "${step.stepRunId}" already ${step.status}`);
  }
  const common = { runId: run.runId, stepRunId: step.stepRunId, attempt: step.attempt, workerId: step.workerId };
  const base = {
    tenant: run.tenant,
    namespace: run.namespace,
    aggregate: { type: 'run' as const, id: run.runId },
    actor: command.actor,
    correlationId: run.eventId,
    occurredAt: context.now,
  };
  const id = deterministicId(step.stepRunId, outcome, String(step.attempt));
  switch (command.report.outcome) {
    case 'started':
      return [newEvent({ ...base, id, type: 'step.started', payload: common })];
    case 'completed':
      return [
        newEvent({
          ...base,
          id,
          type: 'step.completed',
          payload: { ...common, output: command.report.output ?? null },
        }),
      ];
    case 'failed': {
      const retryable = command.report.retryable !== false;
      const failed = newEvent({
        ...base,
        id,
        type: 'step.failed',
        payload: { ...common, error: command.report.error, ...(retryable ? {} : { retryable: false as const }) },
      });
      if (!retryable || !hasRetryLeft(step)) return [failed];
      return [failed, decideRetry(run, step, 'failed', context)];
    }
    case 'released':
      return [newEvent({ ...base, id, type: 'step.released', payload: common })];
  }
}
