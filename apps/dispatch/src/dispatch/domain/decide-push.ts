import {
  AssignmentStrategy,
  EventEnvelope,
  newEvent,
  Provenance,
  RoutedRun,
  RunStepPlan,
  WorkflowStep,
} from '@wharf/events';
import { deterministicId } from './deterministic-id';
import { DispatchContext } from './dispatch-context';
import { DispatchState, PendingRoute, scopeKey, versionKey } from './dispatch-state';

export interface PushEvent {
  eventId: string;
  tenant: string;
  namespace: string;
  key: string;
  payload: unknown;
  metadata: Record<string, string>;
  actor: string;
  /** Where the event came from when it is replayed or pushed again; absent for an original push. */
  provenance?: Provenance;
  /**
   * Route to this workflow of the namespace alone (its current version), whatever its event keys
   * (a run run again); absent: every workflow the key triggers.
   */
  onlyWorkflow?: string;
}

/** The workflows a push starts: those its key triggers, or the one workflow it names. */
function routedRuns(state: DispatchState, command: PushEvent): RoutedRun[] {
  const ids =
    command.onlyWorkflow === undefined
      ? [...(state.triggers.get(scopeKey(command.tenant, command.namespace, command.key)) ?? [])]
      : [scopeKey(command.tenant, command.namespace, command.onlyWorkflow)];
  return ids
    .map((id) => state.workflows.get(id))
    .filter((w) => w !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((w) => ({ runId: deterministicId(command.eventId, w.name), workflow: w.name, workflowVersion: w.version }));
}

/**
 * Records a pushed event together with its routing: every workflow of the same tenant and
 * namespace whose event keys include the key. The routing travels inside `event.pushed`, so it is
 * stored atomically with the event; the runs it names are started by `decideStartRuns`.
 */
export function decidePush(
  state: DispatchState,
  command: PushEvent,
  context: DispatchContext,
): EventEnvelope<'event.pushed'> {
  const runs = routedRuns(state, command);
  const { eventId, key, payload, metadata, provenance } = command;
  return newEvent({
    id: command.eventId,
    type: 'event.pushed',
    tenant: command.tenant,
    namespace: command.namespace,
    aggregate: { type: 'event', id: command.eventId },
    actor: command.actor,
    occurredAt: context.now,
    payload:
      provenance === undefined
        ? { eventId, key, payload, metadata, runs }
        : { eventId, key, payload, metadata, runs, provenance },
  });
}

/**
 * A step as a run plans it: the assignment options travel with the run, so a later version of the
 * workflow never changes how a started run's steps are assigned. Absent options stay absent.
 */
function stepPlan(stepRunId: string, step: WorkflowStep, workflowStrategy?: AssignmentStrategy): RunStepPlan {
  const plan: RunStepPlan = { stepRunId, step: step.name, action: step.action };
  const strategy = step.strategy ?? workflowStrategy;
  if (strategy !== undefined) plan.strategy = strategy;
  if (step.affinity !== undefined) plan.affinity = step.affinity;
  if (step.sticky !== undefined) plan.sticky = step.sticky;
  if (step.timeouts !== undefined) plan.timeouts = step.timeouts;
  if (step.retry !== undefined) plan.retry = step.retry;
  return plan;
}

/** Starts every run a pushed event's routing named and that has not started yet. */
export function decideStartRuns(
  state: DispatchState,
  route: PendingRoute,
  context: DispatchContext,
): EventEnvelope<'run.started'>[] {
  return route.runs
    .filter((r) => !state.runs.has(r.runId))
    .flatMap((r) => {
      const workflow = state.workflowVersions.get(
        versionKey(route.tenant, route.namespace, r.workflow, r.workflowVersion),
      );
      if (!workflow) return [];
      return [
        newEvent({
          id: deterministicId(r.runId, 'run.started'),
          type: 'run.started',
          tenant: route.tenant,
          namespace: route.namespace,
          aggregate: { type: 'run', id: r.runId },
          actor: 'system',
          correlationId: route.eventId,
          causationId: route.eventId,
          occurredAt: context.now,
          payload: {
            runId: r.runId,
            workflow: workflow.name,
            workflowVersion: workflow.version,
            eventId: route.eventId,
            eventKey: route.key,
            input: route.payload,
            steps: workflow.steps.map((s, index) =>
              stepPlan(deterministicId(r.runId, 'step', String(index)), s, workflow.strategy),
            ),
          },
        }),
      ];
    });
}
