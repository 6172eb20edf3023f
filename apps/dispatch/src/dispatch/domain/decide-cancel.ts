import { EventEnvelope, newEvent } from '@wharf/events';
import { deterministicId } from './deterministic-id';
import { DispatchContext } from './dispatch-context';
import { DispatchRejection } from './dispatch-rejection';
import { DispatchState } from './dispatch-state';

export interface CancelRun {
  tenant: string;
  namespace: string;
  runId: string;
  actor: string;
  /** Free text from the caller; default "cancelled". */
  reason?: string;
}

export const DEFAULT_CANCEL_REASON = 'cancelled';

/**
 * Cancels an unfinished run: `run.cancelled`, naming the step a worker holds (its attempt and
 * worker), which is sent a cancel signal; the run finishes, so any later report of that attempt is
 * refused. A run the dispatcher no longer holds is answered by the caller from the read model
 * (404 here): finished → 409, already cancelled → nothing to record.
 */
export function decideCancelRun(
  state: DispatchState,
  command: CancelRun,
  context: DispatchContext,
): EventEnvelope<'run.cancelled'>[] {
  const run = state.runs.get(command.runId);
  if (!run || run.tenant !== command.tenant || run.namespace !== command.namespace) {
    throw new DispatchRejection(404, `run "${command.runId}" not found`);
  }
  const held = run.steps.find((s) => (s.status === 'assigned' || s.status === 'started') && s.workerId !== null);
  return [
    newEvent({
      id: deterministicId(run.runId, 'run.cancelled'),
      type: 'run.cancelled',
      tenant: run.tenant,
      namespace: run.namespace,
      aggregate: { type: 'run', id: run.runId },
      actor: command.actor,
      correlationId: run.eventId,
      occurredAt: context.now,
      payload: {
        runId: run.runId,
        reason: command.reason ?? DEFAULT_CANCEL_REASON,
        ...(held === undefined
          ? {}
          : { stepRunId: held.stepRunId, attempt: held.attempt, workerId: held.workerId as string }),
      },
    }),
  ];
}
