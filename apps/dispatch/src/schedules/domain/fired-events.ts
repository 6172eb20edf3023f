import { CronCreated, EventEnvelope, newEvent, RoutedRun, ScheduleCreated, SYSTEM_ACTOR } from '@wharf/events';
import { decidePush } from '../../dispatch/domain/decide-push';
import { deterministicId } from '../../dispatch/domain/deterministic-id';
import { DispatchState, scopeKey } from '../../dispatch/domain/dispatch-state';

/** The event key of the events that start scheduled runs (they trigger the named workflow only). */
export const SCHEDULED_RUN_EVENT_KEY = 'wharf:scheduled-run';

export interface Scope {
  tenant: string;
  namespace: string;
}

/**
 * The event a cron tick pushes: the cron's event key and payload, routed like any pushed event to
 * every workflow of the namespace it triggers, with the tick's deterministic id and the tick in
 * its metadata. Caused by the `cron.ticked` event.
 */
export function cronTickEvent(
  state: DispatchState,
  scope: Scope,
  cron: CronCreated,
  ticked: { eventId: string; tick: string; causationId: string },
  now: Date,
): EventEnvelope<'event.pushed'> {
  const event = decidePush(
    state,
    {
      eventId: ticked.eventId,
      tenant: scope.tenant,
      namespace: scope.namespace,
      key: cron.eventKey,
      payload: cron.payload,
      metadata: { 'wharf-cron': cron.name, 'wharf-tick': ticked.tick },
      actor: SYSTEM_ACTOR,
    },
    { now, random: () => 0 },
  );
  return { ...event, causationId: ticked.causationId, correlationId: ticked.causationId };
}

/**
 * The event that starts a scheduled run: key SCHEDULED_RUN_EVENT_KEY, payload the run's input,
 * routed to the named workflow alone (its current version), or to nothing when the namespace has
 * no such workflow any more (the event records that no run started).
 */
export function scheduledRunEvent(
  state: DispatchState,
  scope: Scope,
  schedule: ScheduleCreated,
  fired: { eventId: string; causationId: string },
  now: Date,
): EventEnvelope<'event.pushed'> {
  const workflow = state.workflows.get(scopeKey(scope.tenant, scope.namespace, schedule.workflow));
  const runs: RoutedRun[] = workflow
    ? [
        {
          runId: deterministicId(fired.eventId, workflow.name),
          workflow: workflow.name,
          workflowVersion: workflow.version,
        },
      ]
    : [];
  return newEvent({
    id: fired.eventId,
    type: 'event.pushed',
    tenant: scope.tenant,
    namespace: scope.namespace,
    aggregate: { type: 'event', id: fired.eventId },
    actor: SYSTEM_ACTOR,
    correlationId: fired.causationId,
    causationId: fired.causationId,
    occurredAt: now,
    payload: {
      eventId: fired.eventId,
      key: SCHEDULED_RUN_EVENT_KEY,
      payload: schedule.input,
      metadata: { 'wharf-scheduled-run': schedule.scheduleId },
      runs,
    },
  });
}

/** The run a fired schedule started, when its workflow existed (the id `scheduledRunEvent` gives it). */
export function scheduledRunId(eventId: string, workflow: string): string {
  return deterministicId(eventId, workflow);
}
