import { EventEnvelope, newEvent, RunStepPlan, StepRetry, StepTimeouts } from '@wharf/events';
import { decideCancelRun } from './decide-cancel';
import { decideDeadline, dueSteps } from './decide-deadlines';
import { decideReportRefusal, stepAttemptsInState } from './decide-report-refusal';
import { decideStartRuns } from './decide-push';
import { DispatchContext } from './dispatch-context';
import { DispatchState } from './dispatch-state';
import { retryDelayMs } from './retry-policy';
import {
  aRun,
  Decision,
  eventPushed,
  fold,
  given,
  NAMESPACE,
  progressOf,
  report,
  RunFixture,
  runStarted,
  stepAssigned,
  stepQueued,
  TENANT,
  workerRegistered,
  workflowPut,
} from './testing/given';

const T0 = Date.parse('2025-03-01T12:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);
/** The event as recorded at T0 + ms: deadlines count from `occurredAt`. */
function when<E extends EventEnvelope>(ms: number, event: E): E {
  return { ...event, occurredAt: at(ms).toISOString() };
}

function runWith(runId: string, options: { timeouts?: StepTimeouts; retry?: StepRetry }, steps = 1): RunFixture {
  const run = aRun(runId, {
    steps: Array.from({ length: steps }, (_, i) => ({ step: `s${i}`, action: 'work' })),
  });
  run.steps = run.steps.map((s: RunStepPlan, i) => (i === 0 ? { ...s, ...options } : s));
  return run;
}

const deadline =
  (stepRunId: string): Decision =>
  (state, context) =>
    decideDeadline(state, stepRunId, context);

const cancel =
  (runId: string, reason?: string): Decision =>
  (state, context) =>
    decideCancelRun(state, { tenant: TENANT, namespace: NAMESPACE, runId, actor: 'token-1', reason }, context);

function retryScheduled(run: RunFixture, attempt: number, failedAtMs: number, delayMs: number, reason: string) {
  return {
    type: 'step.retry-scheduled' as const,
    payload: {
      runId: run.runId,
      stepRunId: run.steps[0].stepRunId,
      attempt,
      retryAt: at(failedAtMs + delayMs).toISOString(),
      delayMs,
      reason,
    },
  };
}

function context(ms: number, settings: Partial<DispatchContext> = {}): DispatchContext {
  return { now: at(ms), random: () => 0, ...settings };
}

describe('schedule timeout', () => {
  const run = runWith('run-1', { timeouts: { scheduleMs: 1000 }, retry: { attempts: 3 } });
  const waiting = [when(0, runStarted(run)), when(0, stepQueued(run, 0))];

  // issue 4: "A step still unassigned after its schedule timeout (default 5 minutes,
  // settable per step) fails with a reason the user can read." Not retried: no worker would take it.
  it('fails the step and the run with a readable reason once the step waited its schedule timeout', () => {
    given(waiting)
      .when(deadline('run-1.s0'), { now: at(1000) })
      .then([
        {
          type: 'step.timed-out',
          payload: {
            runId: 'run-1',
            stepRunId: 'run-1.s0',
            attempt: 0,
            workerId: null,
            phase: 'schedule',
            afterMs: 1000,
          },
        },
        {
          type: 'step.failed',
          payload: {
            runId: 'run-1',
            stepRunId: 'run-1.s0',
            attempt: 0,
            workerId: null,
            error: 'no worker took the step within its schedule timeout of 1000 ms',
            reason: 'schedule-timeout',
          },
        },
        {
          type: 'run.failed',
          payload: {
            runId: 'run-1',
            stepRunId: 'run-1.s0',
            error: 'step "s0" failed: no worker took the step within its schedule timeout of 1000 ms',
          },
        },
      ]);
  });

  it('is not due a millisecond earlier, and leaves the queue when it fails', () => {
    expect(dueSteps(given(waiting).state, context(999))).toEqual([]);
    expect(dueSteps(given(waiting).state, context(1000))).toEqual(['run-1.s0']);
    const { state } = given(waiting)
      .when(deadline('run-1.s0'), { now: at(1000) })
      .then([
        { type: 'step.timed-out', payload: expect.anything() },
        { type: 'step.failed', payload: expect.anything() },
        { type: 'run.failed', payload: expect.anything() },
      ]);
    expect(state.queues.size).toBe(0);
    expect(state.runs.has('run-1')).toBe(false);
  });

  it('takes the dispatch default (WHARF_SCHEDULE_TIMEOUT_MS) when the step sets none; none at all: never due', () => {
    const plain = aRun('run-2', { steps: [{ step: 's0', action: 'work' }] });
    const past = [when(0, runStarted(plain)), when(0, stepQueued(plain, 0))];
    expect(dueSteps(given(past).state, context(300_000, { scheduleTimeoutMs: 300_000 }))).toEqual(['run-2.s0']);
    expect(dueSteps(given(past).state, context(299_999, { scheduleTimeoutMs: 300_000 }))).toEqual([]);
    expect(dueSteps(given(past).state, context(10 ** 12))).toEqual([]);
  });
});

describe('execution timeout', () => {
  const retrying = runWith('run-1', { timeouts: { executionMs: 1000 }, retry: { attempts: 2, backoffMs: 100 } });
  const holding = (run: RunFixture) => [
    workerRegistered('w-1', { actions: ['work'] }),
    workerRegistered('w-2', { actions: ['work'] }),
    when(0, runStarted(run)),
    when(0, stepAssigned(run, 0, 'w-1')),
  ];

  // issue 4: "Execution timeout per step (default 60 s); retries per step with exponential backoff".
  it('takes the attempt from its worker and schedules a retry after the backoff', () => {
    const { state } = given(holding(retrying))
      .when(deadline('run-1.s0'), { now: at(1000) })
      .then([
        {
          type: 'step.timed-out',
          payload: {
            runId: 'run-1',
            stepRunId: 'run-1.s0',
            attempt: 1,
            workerId: 'w-1',
            phase: 'execution',
            afterMs: 1000,
          },
        },
        retryScheduled(retrying, 1, 1000, 100, 'execution-timeout'),
      ]);
    // The slot is free at once; the step waits for its retry.
    expect(state.workers.get('w-1')?.active.size).toBe(0);
    expect(state.stepRuns.get('run-1.s0')).toMatchObject({ status: 'retrying', workerId: null });
  });

  it('refuses and records the late report of the timed-out attempt (fencing)', () => {
    const past = [...holding(retrying), when(1000, newEventOf(retrying, 'timed-out')), when(1000, retryOf(retrying))];
    given(past)
      .when(report(retrying, 0, { outcome: 'completed', output: 1 }))
      .thenThrows(409, /not current/);
    given(past)
      .when((state, ctx) =>
        decideReportRefusal(stepAttemptsInState(state, command(retrying, 1)), command(retrying, 1), ctx),
      )
      .then([
        {
          type: 'step.report-refused',
          payload: expect.objectContaining({ attempt: 1, currentAttempt: 1, workerId: 'w-1', outcome: 'completed' }),
        },
      ]);
  });

  it('assigns the retry as a new attempt, through the normal assignment, when it is due', () => {
    const past = [...holding(retrying), when(1000, newEventOf(retrying, 'timed-out')), when(1000, retryOf(retrying))];
    expect(dueSteps(given(past).state, context(1099))).toEqual([]);
    given(past)
      .when(deadline('run-1.s0'), { now: at(1100), draws: [0.9] })
      .then([
        {
          type: 'step.assigned',
          payload: expect.objectContaining({
            stepRunId: 'run-1.s0',
            attempt: 2,
            workerId: 'w-2',
            candidates: ['w-1', 'w-2'],
          }),
        },
      ]);
  });

  it('queues a due retry when no worker is free; its schedule timeout counts from then', () => {
    const run = runWith('run-3', { timeouts: { executionMs: 1000, scheduleMs: 500 }, retry: { attempts: 1 } });
    const other = aRun('run-4', { steps: [{ step: 's0', action: 'work' }] });
    const past = [
      workerRegistered('w-1', { actions: ['work'] }),
      when(0, runStarted(run)),
      when(0, stepAssigned(run, 0, 'w-1')),
      when(1000, newEventOf(run, 'timed-out')),
      when(1000, retryOf(run, 100)),
      when(1000, runStarted(other)),
      when(1000, stepAssigned(other, 0, 'w-1')),
    ];
    const { events } = given(past)
      .when(deadline('run-3.s0'), { now: at(1100) })
      .then([{ type: 'step.queued', payload: expect.objectContaining({ stepRunId: 'run-3.s0' }) }]);
    const queued = events.map((e) => when(1100, e));
    expect(dueSteps(given(past, queued).state, context(1599))).toEqual([]);
    given(past, queued)
      .when(deadline('run-3.s0'), { now: at(1600) })
      .then([
        { type: 'step.timed-out', payload: expect.objectContaining({ phase: 'schedule', attempt: 1, afterMs: 500 }) },
        { type: 'step.failed', payload: expect.anything() },
        { type: 'run.failed', payload: expect.anything() },
      ]);
  });

  it('fails the step and the run when no retry is left', () => {
    const once = runWith('run-1', { timeouts: { executionMs: 1000 } });
    given(holding(once))
      .when(deadline('run-1.s0'), { now: at(1000) })
      .then([
        { type: 'step.timed-out', payload: expect.anything() },
        {
          type: 'step.failed',
          payload: {
            runId: 'run-1',
            stepRunId: 'run-1.s0',
            attempt: 1,
            workerId: 'w-1',
            error: 'attempt 1 ran longer than its execution timeout of 1000 ms',
            reason: 'execution-timeout',
          },
        },
        { type: 'run.failed', payload: expect.anything() },
      ]);
  });

  it('counts from the assignment and takes the dispatch default when the step sets none', () => {
    const plain = aRun('run-2', { steps: [{ step: 's0', action: 'work' }] });
    const past = holding(plain);
    expect(dueSteps(given(past).state, context(59_999, { executionTimeoutMs: 60_000 }))).toEqual([]);
    expect(dueSteps(given(past).state, context(60_000, { executionTimeoutMs: 60_000 }))).toEqual(['run-2.s0']);
    // Events recorded before timeouts existed, no default: today's behaviour, never due.
    expect(dueSteps(given(past).state, context(10 ** 12))).toEqual([]);
  });
});

describe('retries of failed attempts', () => {
  it('delays the n-th retry by min(maxDelayMs, backoffMs × factor^(n-1))', () => {
    const policy = { attempts: 5, backoffMs: 100, factor: 3, maxDelayMs: 1000 };
    expect([1, 2, 3, 4].map((n) => retryDelayMs(policy, n))).toEqual([100, 300, 900, 1000]);
    expect([1, 2, 3].map((n) => retryDelayMs({ attempts: 3 }, n))).toEqual([1000, 2000, 4000]);
  });

  // A failed report schedules the retry; each later failure waits longer, exactly.
  it('schedules each retry of a reported failure with the exact backoff, as a new attempt', () => {
    const run = runWith('run-1', { retry: { attempts: 3, backoffMs: 100, factor: 3, maxDelayMs: 500 } });
    const past: EventEnvelope[] = [workerRegistered('w-1', { actions: ['work'] }), when(0, runStarted(run))];
    const delays = [100, 300, 500];
    let t = 0;
    for (const [i, delayMs] of delays.entries()) {
      const attempt = i + 1;
      past.push(when(t, stepAssigned(run, 0, 'w-1', { attempt })));
      const { events } = given(past)
        .when(report(run, 0, { outcome: 'failed', error: 'boom' }, { attempt }), { now: at(t + 10) })
        .then([
          {
            type: 'step.failed',
            payload: { runId: 'run-1', stepRunId: 'run-1.s0', attempt, workerId: 'w-1', error: 'boom' },
          },
          retryScheduled(run, attempt, t + 10, delayMs, 'failed'),
        ]);
      past.push(...events);
      t += 10 + delayMs;
    }
    // Attempts exhausted: the fourth failure fails the step, and the run with it.
    past.push(when(t, stepAssigned(run, 0, 'w-1', { attempt: 4 })));
    const { events } = given(past)
      .when(report(run, 0, { outcome: 'failed', error: 'boom' }, { attempt: 4 }), { now: at(t + 10) })
      .then([{ type: 'step.failed', payload: expect.objectContaining({ attempt: 4, error: 'boom' }) }]);
    given(past, events)
      .when(progressOf('run-1'))
      .then([{ type: 'run.failed', payload: { runId: 'run-1', stepRunId: 'run-1.s0', error: 'step "s0" failed' } }]);
  });

  it('retries a failure whose retry was never recorded (a crash between the two appends), once', () => {
    const run = runWith('run-1', { retry: { attempts: 2, backoffMs: 100 } });
    const failed = when(10, {
      ...stepAssigned(run, 0, 'w-1'),
      type: 'step.failed' as const,
      payload: { runId: 'run-1', stepRunId: 'run-1.s0', attempt: 1, workerId: 'w-1', error: 'boom' },
    });
    const past = [workerRegistered('w-1', { actions: ['work'] }), runStarted(run), stepAssigned(run, 0, 'w-1'), failed];
    const { events } = given(past)
      .when(progressOf('run-1'), { now: at(50) })
      .then([retryScheduled(run, 1, 50, 100, 'failed')]);
    given(past, events)
      .when(progressOf('run-1'), { now: at(60) })
      .thenNothingHappened();
  });

  it('does not retry a failure the dispatcher decided itself (a limit or a timeout)', () => {
    const run = runWith('run-1', { retry: { attempts: 2 } });
    const failed = {
      ...stepAssigned(run, 0, 'w-1'),
      type: 'step.failed' as const,
      payload: {
        runId: 'run-1',
        stepRunId: 'run-1.s0',
        attempt: 1,
        workerId: 'w-1',
        error: 'worker lost',
        reason: 'reassignment-limit' as const,
      },
    };
    given(workerRegistered('w-1', { actions: ['work'] }), runStarted(run), stepAssigned(run, 0, 'w-1'), failed)
      .when(progressOf('run-1'))
      .then([{ type: 'run.failed', payload: expect.objectContaining({ runId: 'run-1' }) }]);
  });

  it('skips the retries of a non-retryable error: the step fails at once', () => {
    const run = runWith('run-1', { retry: { attempts: 3 } });
    given(workerRegistered('w-1', { actions: ['work'] }), runStarted(run), stepAssigned(run, 0, 'w-1'))
      .when(report(run, 0, { outcome: 'failed', error: 'bad input', retryable: false }))
      .then([
        {
          type: 'step.failed',
          payload: {
            runId: 'run-1',
            stepRunId: 'run-1.s0',
            attempt: 1,
            workerId: 'w-1',
            error: 'bad input',
            retryable: false,
          },
        },
      ]);
  });

  it('does not retry by default (no retry policy): today’s behaviour', () => {
    const run = aRun('run-1', { steps: [{ step: 's0', action: 'work' }] });
    given(workerRegistered('w-1', { actions: ['work'] }), runStarted(run), stepAssigned(run, 0, 'w-1'))
      .when(report(run, 0, { outcome: 'failed', error: 'boom' }))
      .then([{ type: 'step.failed', payload: expect.objectContaining({ error: 'boom' }) }]);
  });

  it('carries the timeouts and retry policy of a workflow step into run.started', () => {
    const put = workflowPut('wf', { eventKeys: ['k'] });
    put.payload.steps = [{ name: 's0', action: 'work', timeouts: { executionMs: 5 }, retry: { attempts: 1 } }];
    given(put, eventPushed('e-1', { key: 'k', runs: [{ runId: 'r-1', workflow: 'wf', workflowVersion: 1 }] }))
      .when((state, ctx) => decideStartRuns(state, state.pendingRoutes.get('e-1')!, ctx))
      .then([
        {
          type: 'run.started',
          payload: expect.objectContaining({
            steps: [expect.objectContaining({ timeouts: { executionMs: 5 }, retry: { attempts: 1 } })],
          }),
        },
      ]);
  });
});

describe('cancellation', () => {
  const run = aRun('run-1', {
    steps: [
      { step: 's0', action: 'work' },
      { step: 's1', action: 'work' },
    ],
  });
  const holding = [workerRegistered('w-1', { actions: ['work'] }), runStarted(run), stepAssigned(run, 0, 'w-1')];

  // issue 4: "Runs can be cancelled by API, CLI and SDK; the worker running a cancelled step
  // receives a cancel signal." The event names the holder, whom the dispatcher signals.
  it('records run.cancelled naming the attempt and worker to signal, frees the slot and ends the run', () => {
    const { state } = given(holding)
      .when(cancel('run-1', 'wrong input'))
      .then([
        {
          type: 'run.cancelled',
          payload: { runId: 'run-1', reason: 'wrong input', stepRunId: 'run-1.s0', attempt: 1, workerId: 'w-1' },
        },
      ]);
    expect(state.runs.has('run-1')).toBe(false);
    expect(state.workers.get('w-1')?.active.size).toBe(0);
  });

  it('names no worker when none holds a step, and leaves the queue', () => {
    const { state } = given(runStarted(run), stepQueued(run, 0))
      .when(cancel('run-1'))
      .then([{ type: 'run.cancelled', payload: { runId: 'run-1', reason: 'cancelled' } }]);
    expect(state.queues.size).toBe(0);
  });

  it('leaves a finished or already cancelled run to the read model (404 here: 409 or 200 there)', () => {
    const cancelled = newEvent({
      type: 'run.cancelled',
      tenant: TENANT,
      namespace: NAMESPACE,
      aggregate: { type: 'run', id: 'run-1' },
      actor: 'token-1',
      payload: { runId: 'run-1', reason: 'cancelled' },
    });
    given(holding, cancelled).when(cancel('run-1')).thenThrows(404);
    given(holding)
      .when(cancel('run-1', undefined))
      .then([{ type: 'run.cancelled', payload: expect.anything() }]);
    given(holding)
      .when((state, ctx) =>
        decideCancelRun(state, { tenant: 'other', namespace: NAMESPACE, runId: 'run-1', actor: 'x' }, ctx),
      )
      .thenThrows(404);
  });

  it("refuses and records the cancelled attempt's late report (its run left the dispatcher)", () => {
    // The read model's view after run.cancelled: the attempt is no longer held.
    const view = {
      runId: 'run-1',
      tenant: TENANT,
      namespace: NAMESPACE,
      correlationId: run.eventId,
      stepRunId: 'run-1.s0',
      currentAttempt: 1,
      currentHeld: false,
      workerOf: () => 'w-1',
      refusalRecorded: () => false,
    };
    given()
      .when((_, ctx) => decideReportRefusal(view, command(run, 1), ctx))
      .then([{ type: 'step.report-refused', payload: expect.objectContaining({ attempt: 1, outcome: 'completed' }) }]);
    given(holding, cancelEvent(run))
      .when(report(run, 0, { outcome: 'completed', output: 1 }))
      .thenThrows(404);
  });
});

describe('replay', () => {
  // Deadlines come from the occurredAt values folded into the state: a replay decides the same.
  it('folds the same deadlines from the stream and decides the same at the same time', () => {
    const run = runWith('run-1', {
      timeouts: { executionMs: 1000 },
      retry: { attempts: 2, backoffMs: 250, factor: 2 },
    });
    const past: EventEnvelope[] = [
      workerRegistered('w-1', { actions: ['work'] }),
      when(0, runStarted(run)),
      when(0, stepAssigned(run, 0, 'w-1')),
    ];
    const live = fold(past);
    const decided = decideDeadline(live, 'run-1.s0', context(1500));
    for (const event of decided) fold([event], live);
    const replayed: DispatchState = fold([...past, ...decided]);
    expect(replayed.stepRuns.get('run-1.s0')).toEqual(live.stepRuns.get('run-1.s0'));
    expect(dueSteps(replayed, context(1749))).toEqual([]);
    expect(dueSteps(replayed, context(1750))).toEqual(['run-1.s0']);
    expect(decideDeadline(replayed, 'run-1.s0', context(1750))).toEqual(
      decideDeadline(live, 'run-1.s0', context(1750)),
    );
  });
});

// ---- local fixtures ----

function onRun(run: RunFixture) {
  return {
    tenant: run.tenant,
    namespace: run.namespace,
    aggregate: { type: 'run' as const, id: run.runId },
    actor: 'system',
    correlationId: run.eventId,
  };
}

function newEventOf(run: RunFixture, _kind: 'timed-out', attempt = 1): EventEnvelope<'step.timed-out'> {
  const afterMs = run.steps[0].timeouts?.executionMs ?? 0;
  return newEvent({
    ...onRun(run),
    type: 'step.timed-out',
    payload: {
      runId: run.runId,
      stepRunId: run.steps[0].stepRunId,
      attempt,
      workerId: 'w-1',
      phase: 'execution',
      afterMs,
    },
  });
}

function retryOf(run: RunFixture, delayMs = 100, attempt = 1): EventEnvelope<'step.retry-scheduled'> {
  return newEvent({
    ...onRun(run),
    type: 'step.retry-scheduled',
    payload: {
      runId: run.runId,
      stepRunId: run.steps[0].stepRunId,
      attempt,
      retryAt: at(1000 + delayMs).toISOString(),
      delayMs,
      reason: 'execution-timeout',
    },
  });
}

function cancelEvent(run: RunFixture): EventEnvelope<'run.cancelled'> {
  return newEvent({ ...onRun(run), type: 'run.cancelled', payload: { runId: run.runId, reason: 'cancelled' } });
}

function command(run: RunFixture, attempt: number) {
  return {
    tenant: run.tenant,
    namespace: run.namespace,
    stepRunId: run.steps[0].stepRunId,
    attempt,
    actor: 'worker-token',
    report: { outcome: 'completed' as const, output: 1 },
  };
}
