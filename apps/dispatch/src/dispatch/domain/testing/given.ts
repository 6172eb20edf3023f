import { EventEnvelope, EventType, newEvent, RoutedRun, RunStepPlan } from '@wharf/events';
import { decideAssignment } from '../decide-assignment';
import { decideRunProgress } from '../decide-progress';
import { decidePush, decideStartRuns, PushEvent } from '../decide-push';
import { decideStepReport, ReportStep, StepReport } from '../decide-step-report';
import { DispatchContext } from '../dispatch-context';
import { DispatchRejection } from '../dispatch-rejection';
import { DispatchState, emptyDispatchState, RunState } from '../dispatch-state';
import { evolveDispatchState } from '../evolve-dispatch-state';

/**
 * Emmett-style scenarios over the dispatch state: `given(pastEvents).when(decision).then(events)`.
 * The past is folded with `evolveDispatchState` into a fresh `emptyDispatchState()` for every
 * `when`, so a decision can never see what another scenario decided. Decisions run with a fixed
 * clock and a scripted `random()`; events are compared by type and payload only, because ids and
 * timestamps are checked by the few tests that are about them.
 */

export const NOW = new Date('2025-03-01T12:00:00.000Z');
export const TENANT = 'acme';
export const NAMESPACE = 'default';

/** A decision under test: reads the state and the context, returns what it decided. */
export type Decision = (state: DispatchState, context: DispatchContext) => EventEnvelope | EventEnvelope[];

/** What a test expects of a decided event: its type and payload (an envelope also fits). */
export interface ExpectedEvent {
  type: EventType;
  payload: unknown;
}

export interface WhenOptions {
  /**
   * The values `random()` returns, in order; one draw more than scripted fails the test, so
   * `draws: []` asserts that the decision drew nothing. Default: every draw is 0.
   */
  draws?: number[];
  /** A random source for long runs (the statistical test). Overrides `draws`. */
  random?: () => number;
  /** The decision's clock; default NOW. */
  now?: Date;
  /** Settings of the context (timeouts, reassignment limit). */
  settings?: Pick<DispatchContext, 'maxReassignments' | 'scheduleTimeoutMs' | 'executionTimeoutMs'>;
}

export interface Decided {
  /** The decided envelopes, ids and timestamps included. */
  events: EventEnvelope[];
  /** The past with the decided events folded in. */
  state: DispatchState;
}

export interface Scenario {
  then(expected: ExpectedEvent[]): Decided;
  thenThrows(status: DispatchRejection['status'], message?: RegExp): void;
  thenNothingHappened(): Decided;
}

export interface Given {
  /** The past folded into a fresh state. */
  readonly state: DispatchState;
  when(decision: Decision, options?: WhenOptions): Scenario;
}

export function fold(events: readonly EventEnvelope[], state: DispatchState = emptyDispatchState()): DispatchState {
  for (const event of events) evolveDispatchState(state, event);
  return state;
}

function scriptedRandom(draws: number[] | undefined): () => number {
  if (draws === undefined) return () => 0;
  const script = [...draws];
  return () => {
    const next = script.shift();
    if (next === undefined) throw new Error(`random() was called more often than the ${draws.length} scripted draws`);
    return next;
  };
}

function typeAndPayload(events: readonly ExpectedEvent[]): ExpectedEvent[] {
  return events.map(({ type, payload }) => ({ type, payload }));
}

export function given(...past: (EventEnvelope | EventEnvelope[])[]): Given {
  const events = past.flat();
  return {
    get state() {
      return fold(events);
    },
    when(decision, options = {}) {
      const state = fold(events);
      const context: DispatchContext = {
        ...options.settings,
        now: options.now ?? NOW,
        random: options.random ?? scriptedRandom(options.draws),
      };
      const decide = (): Decided => {
        const result = decision(state, context);
        const decided = Array.isArray(result) ? result : [result];
        return { events: decided, state: fold(decided, state) };
      };
      return {
        then(expected) {
          const decided = decide();
          expect(typeAndPayload(decided.events)).toEqual(typeAndPayload(expected));
          return decided;
        },
        thenThrows(status, message) {
          let thrown: unknown;
          try {
            decision(state, context);
          } catch (err) {
            thrown = err;
          }
          expect(thrown).toBeInstanceOf(DispatchRejection);
          expect((thrown as DispatchRejection).status).toBe(status);
          if (message) expect((thrown as DispatchRejection).message).toMatch(message);
        },
        thenNothingHappened() {
          const decided = decide();
          expect(typeAndPayload(decided.events)).toEqual([]);
          return decided;
        },
      };
    },
  };
}

// ---- decisions, as the dispatcher makes them ----

function runIn(state: DispatchState, runId: string): RunState {
  const run = state.runs.get(runId);
  if (!run) throw new Error(`test setup: run "${runId}" is not in the state`);
  return run;
}

export function push(command: Partial<PushEvent> & { eventId: string; key: string }): Decision {
  return (state, context) =>
    decidePush(
      state,
      { tenant: TENANT, namespace: NAMESPACE, payload: null, metadata: {}, actor: 'token-1', ...command },
      context,
    );
}

export function startRunsOf(eventId: string): Decision {
  return (state, context) => {
    const route = state.pendingRoutes.get(eventId);
    if (!route) throw new Error(`test setup: event "${eventId}" has no pending route`);
    return decideStartRuns(state, route, context);
  };
}

export function progressOf(runId: string): Decision {
  return (state, context) => decideRunProgress(state, runIn(state, runId), context);
}

export function assignmentOf(run: RunFixture, index: number): Decision {
  return (state, context) => {
    const found = runIn(state, run.runId);
    return decideAssignment(state, found, found.steps[index], context);
  };
}

export function report(
  run: RunFixture,
  index: number,
  outcome: StepReport,
  command: Partial<Omit<ReportStep, 'report'>> = {},
): Decision {
  return (state, context) =>
    decideStepReport(
      state,
      {
        tenant: run.tenant,
        namespace: run.namespace,
        stepRunId: run.steps[index].stepRunId,
        attempt: 1,
        actor: 'worker-token',
        report: outcome,
        ...command,
      },
      context,
    );
}

// ---- past events, built with newEvent as the services build them ----

export interface Scope {
  tenant?: string;
  namespace?: string;
}

function scoped(scope: Scope): { tenant: string; namespace: string } {
  return { tenant: scope.tenant ?? TENANT, namespace: scope.namespace ?? NAMESPACE };
}

export function workerRegistered(
  workerId: string,
  options: Scope & { actions: string[]; maxRuns?: number; name?: string },
): EventEnvelope<'worker.registered'> {
  return newEvent({
    ...scoped(options),
    type: 'worker.registered',
    aggregate: { type: 'worker', id: workerId },
    actor: 'token-1',
    payload: {
      workerId,
      name: options.name ?? workerId,
      actions: options.actions,
      maxRuns: options.maxRuns ?? 1,
      labels: {},
    },
  });
}

export function workerBecameUnavailable(
  workerId: string,
  scope: Scope = {},
): EventEnvelope<'worker.became-unavailable'> {
  return newEvent({
    ...scoped(scope),
    type: 'worker.became-unavailable',
    aggregate: { type: 'worker', id: workerId },
    actor: 'system',
    payload: { workerId, reason: 'heartbeat-timeout', lastHeartbeatAt: null },
  });
}

export function workerBecameAvailable(workerId: string, scope: Scope = {}): EventEnvelope<'worker.became-available'> {
  return newEvent({
    ...scoped(scope),
    type: 'worker.became-available',
    aggregate: { type: 'worker', id: workerId },
    actor: 'token-1',
    payload: { workerId },
  });
}

export function workerDeregistered(workerId: string, scope: Scope = {}): EventEnvelope<'worker.deregistered'> {
  return newEvent({
    ...scoped(scope),
    type: 'worker.deregistered',
    aggregate: { type: 'worker', id: workerId },
    actor: 'token-1',
    payload: { workerId },
  });
}

export function workflowPut(
  name: string,
  options: Scope & { eventKeys: string[]; version?: number; steps?: { name: string; action: string }[] },
): EventEnvelope<'workflow.put'> {
  return newEvent({
    ...scoped(options),
    type: 'workflow.put',
    aggregate: { type: 'workflow', id: name },
    actor: 'token-1',
    payload: {
      name,
      version: options.version ?? 1,
      eventKeys: options.eventKeys,
      steps: options.steps ?? [{ name: 'only', action: 'work' }],
    },
  });
}

export function eventPushed(
  eventId: string,
  options: Scope & { key: string; runs: RoutedRun[]; payload?: unknown },
): EventEnvelope<'event.pushed'> {
  return newEvent({
    ...scoped(options),
    id: eventId,
    type: 'event.pushed',
    aggregate: { type: 'event', id: eventId },
    actor: 'token-1',
    payload: { eventId, key: options.key, payload: options.payload ?? null, metadata: {}, runs: options.runs },
  });
}

/** A run as `run.started` plans it: its steps get the ids `<runId>.s<index>`. */
export interface RunFixture {
  runId: string;
  tenant: string;
  namespace: string;
  workflow: string;
  eventId: string;
  eventKey: string;
  input: unknown;
  steps: RunStepPlan[];
}

export function aRun(
  runId: string,
  options: Scope & { steps: { step: string; action: string }[]; input?: unknown; workflow?: string; eventId?: string },
): RunFixture {
  return {
    runId,
    ...scoped(options),
    workflow: options.workflow ?? 'wf',
    eventId: options.eventId ?? `event-of-${runId}`,
    eventKey: 'key',
    input: options.input ?? null,
    steps: options.steps.map((s, index) => ({ stepRunId: `${runId}.s${index}`, step: s.step, action: s.action })),
  };
}

function onRun(run: RunFixture) {
  return {
    tenant: run.tenant,
    namespace: run.namespace,
    aggregate: { type: 'run' as const, id: run.runId },
    correlationId: run.eventId,
  };
}

export function runStarted(run: RunFixture): EventEnvelope<'run.started'> {
  return newEvent({
    ...onRun(run),
    type: 'run.started',
    actor: 'system',
    payload: {
      runId: run.runId,
      workflow: run.workflow,
      workflowVersion: 1,
      eventId: run.eventId,
      eventKey: run.eventKey,
      input: run.input,
      steps: run.steps,
    },
  });
}

export function stepQueued(run: RunFixture, index: number): EventEnvelope<'step.queued'> {
  const { stepRunId, step, action } = run.steps[index];
  return newEvent({
    ...onRun(run),
    type: 'step.queued',
    actor: 'system',
    payload: { runId: run.runId, stepRunId, step, action, reason: 'no-available-worker' },
  });
}

export function stepAssigned(
  run: RunFixture,
  index: number,
  workerId: string,
  options: { attempt?: number; candidates?: string[]; draw?: number; input?: unknown } = {},
): EventEnvelope<'step.assigned'> {
  const { stepRunId, step, action } = run.steps[index];
  return newEvent({
    ...onRun(run),
    type: 'step.assigned',
    actor: 'system',
    payload: {
      runId: run.runId,
      stepRunId,
      step,
      action,
      attempt: options.attempt ?? 1,
      workerId,
      workerName: workerId,
      strategy: 'random',
      candidates: options.candidates ?? [workerId],
      draw: options.draw ?? 0,
      input: options.input ?? null,
    },
  });
}

function stepOutcome(run: RunFixture, index: number, workerId: string, attempt: number) {
  return { runId: run.runId, stepRunId: run.steps[index].stepRunId, attempt, workerId };
}

export function stepStarted(
  run: RunFixture,
  index: number,
  workerId: string,
  attempt = 1,
): EventEnvelope<'step.started'> {
  return newEvent({
    ...onRun(run),
    type: 'step.started',
    actor: 'worker-token',
    payload: stepOutcome(run, index, workerId, attempt),
  });
}

export function stepCompleted(
  run: RunFixture,
  index: number,
  workerId: string,
  output: unknown,
  attempt = 1,
): EventEnvelope<'step.completed'> {
  return newEvent({
    ...onRun(run),
    type: 'step.completed',
    actor: 'worker-token',
    payload: { ...stepOutcome(run, index, workerId, attempt), output },
  });
}

export function stepFailed(
  run: RunFixture,
  index: number,
  workerId: string,
  error: string,
  attempt = 1,
): EventEnvelope<'step.failed'> {
  return newEvent({
    ...onRun(run),
    type: 'step.failed',
    actor: 'worker-token',
    payload: { ...stepOutcome(run, index, workerId, attempt), error },
  });
}

export function runCompleted(run: RunFixture, output: unknown): EventEnvelope<'run.completed'> {
  return newEvent({ ...onRun(run), type: 'run.completed', actor: 'system', payload: { runId: run.runId, output } });
}

export function runFailed(run: RunFixture, index: number, error: string): EventEnvelope<'run.failed'> {
  return newEvent({
    ...onRun(run),
    type: 'run.failed',
    actor: 'system',
    payload: { runId: run.runId, stepRunId: run.steps[index].stepRunId, error },
  });
}
