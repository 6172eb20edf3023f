import { EventEnvelope, newEvent, StepRetry } from '@wharf/events';
import { deterministicId } from './deterministic-id';
import { DispatchContext } from './dispatch-context';
import { RunState, StepRunState } from './dispatch-state';

/** Defaults of the options a `retry` leaves out. */
export const DEFAULT_BACKOFF_MS = 1_000;
export const DEFAULT_BACKOFF_FACTOR = 2;
export const DEFAULT_MAX_RETRY_DELAY_MS = 300_000;

/** The delay before the n-th retry (n ≥ 1): min(maxDelayMs, backoffMs × factor^(n-1)), in whole ms. */
export function retryDelayMs(retry: StepRetry, n: number): number {
  const backoff = retry.backoffMs ?? DEFAULT_BACKOFF_MS;
  const factor = retry.factor ?? DEFAULT_BACKOFF_FACTOR;
  const max = retry.maxDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS;
  return Math.round(Math.min(max, backoff * Math.pow(factor, n - 1)));
}

/** A `retrying` step whose retry time has come. */
export function retryDue(step: StepRunState, now: Date): boolean {
  return step.status === 'retrying' && step.retryAt !== undefined && Date.parse(step.retryAt) <= now.getTime();
}

/** True when the step's policy allows one more retry. */
export function hasRetryLeft(step: StepRunState): boolean {
  return (step.retry?.attempts ?? 0) > (step.retries ?? 0);
}

/**
 * The retry of the step's failed current attempt, due `retryDelayMs` after `context.now`; the id is
 * derived from (step run, attempt), so a decision repeated after a crash is deduplicated.
 */
export function decideRetry(
  run: RunState,
  step: StepRunState,
  reason: 'failed' | 'execution-timeout',
  context: DispatchContext,
): EventEnvelope<'step.retry-scheduled'> {
  const delayMs = retryDelayMs(step.retry ?? { attempts: 0 }, (step.retries ?? 0) + 1);
  return newEvent({
    id: deterministicId(step.stepRunId, 'retry-scheduled', String(step.attempt)),
    type: 'step.retry-scheduled',
    tenant: run.tenant,
    namespace: run.namespace,
    aggregate: { type: 'run', id: run.runId },
    actor: 'system',
    correlationId: run.eventId,
    occurredAt: context.now,
    payload: {
      runId: run.runId,
      stepRunId: step.stepRunId,
      attempt: step.attempt,
      retryAt: new Date(context.now.getTime() + delayMs).toISOString(),
      delayMs,
      reason,
    },
  });
}
