import { EventEnvelope, newEvent } from '@wharf/events';
import { decideRunProgress } from './decide-progress';
import { decideReportRefusal, stepAttemptsInState } from './decide-report-refusal';
import { ReportStep, StepReport } from './decide-step-report';
import { Decision } from './testing/given';
import {
  aRun,
  given,
  progressOf,
  report,
  RunFixture,
  runStarted,
  stepAssigned,
  stepCompleted,
  stepQueued,
  stepStarted,
  workerBecameUnavailable,
  workerRegistered,
} from './testing/given';

/**
 * Issue 4, "Dead and leaving workers": a lost worker's step is reassigned up to a limit, then
 * fails with a reason the user can read; a step handed back by a stopping worker is reassigned at
 * once and not counted; a late report on an attempt that is no longer current is refused and
 * recorded, never applied, and a repeat records nothing; no step completes twice.
 */
describe('dead and leaving workers', () => {
  const run = aRun('run-1', { input: { n: 1 }, steps: [{ step: 'work', action: 'job:do' }] });
  const workers = ['w-1', 'w-2', 'w-3', 'w-4', 'w-5'].map((id) => workerRegistered(id, { actions: ['job:do'] }));

  function progressWithLimit(limit: number): Decision {
    return (state, context) =>
      decideRunProgress(state, state.runs.get('run-1')!, { ...context, maxReassignments: limit });
  }

  function command(fixture: RunFixture, index: number, attempt: number, outcome: StepReport): ReportStep {
    return {
      tenant: fixture.tenant,
      namespace: fixture.namespace,
      stepRunId: fixture.steps[index].stepRunId,
      attempt,
      actor: 'worker-token',
      report: outcome,
    };
  }

  function refusalOf(fixture: RunFixture, index: number, attempt: number, outcome: StepReport): Decision {
    const cmd = command(fixture, index, attempt, outcome);
    return (state, context) => decideReportRefusal(stepAttemptsInState(state, cmd), cmd, context);
  }

  function released(
    fixture: RunFixture,
    index: number,
    workerId: string,
    attempt: number,
  ): EventEnvelope<'step.released'> {
    return newEvent({
      tenant: fixture.tenant,
      namespace: fixture.namespace,
      aggregate: { type: 'run', id: fixture.runId },
      type: 'step.released',
      actor: 'worker-token',
      payload: { runId: fixture.runId, stepRunId: fixture.steps[index].stepRunId, attempt, workerId },
    });
  }

  /** w-1 .. w-n held the step in turn and each was lost. */
  function lostInTurn(n: number): EventEnvelope[] {
    const past: EventEnvelope[] = [...workers, runStarted(run)];
    for (let attempt = 1; attempt <= n; attempt++) {
      past.push(stepAssigned(run, 0, `w-${attempt}`, { attempt }), workerBecameUnavailable(`w-${attempt}`));
    }
    return past;
  }

  describe('reassignment limit', () => {
    // "each unfinished step it held is reassigned as a new attempt, up to a configurable number of
    // reassignments": with a limit of 2, the second loss still reassigns (attempt 3).
    it('reassigns a step whose worker is lost as long as it was reassigned fewer times than the limit', () => {
      given(lostInTurn(2))
        .when(progressWithLimit(2), { draws: [0] })
        .then([{ type: 'step.assigned', payload: expect.objectContaining({ attempt: 3, workerId: 'w-3' }) }]);
    });

    // "... then fails": the third loss with a limit of 2 fails the step, naming the lost worker
    // and the limit, and the run fails with it.
    it('fails the step and the run with a readable reason once the limit is reached', () => {
      const { state } = given(lostInTurn(3))
        .when(progressWithLimit(2), { draws: [] })
        .then([
          {
            type: 'step.failed',
            payload: {
              runId: 'run-1',
              stepRunId: 'run-1.s0',
              attempt: 3,
              workerId: 'w-3',
              error: 'worker lost 3 times (limit 2 reassignments)',
              reason: 'reassignment-limit',
            },
          },
          {
            type: 'run.failed',
            payload: {
              runId: 'run-1',
              stepRunId: 'run-1.s0',
              error: 'step "work" failed: worker lost 3 times (limit 2 reassignments)',
            },
          },
        ]);
      expect(state.runs.has('run-1')).toBe(false);
    });

    // A loss while no worker was free queues the step (the queue takes it from the lost worker):
    // that reassignment counts as well.
    it('counts a step taken from a lost worker into the queue as a reassignment', () => {
      given(
        workerRegistered('w-1', { actions: ['job:do'] }),
        runStarted(run),
        stepAssigned(run, 0, 'w-1', { attempt: 1 }),
        workerBecameUnavailable('w-1'),
        stepQueued(run, 0),
        workerRegistered('w-2', { actions: ['job:do'] }),
        stepAssigned(run, 0, 'w-2', { attempt: 2 }),
        workerBecameUnavailable('w-2'),
      )
        .when(progressWithLimit(1), { draws: [] })
        .then([
          {
            type: 'step.failed',
            payload: expect.objectContaining({ error: 'worker lost 2 times (limit 1 reassignment)' }),
          },
          { type: 'run.failed', payload: expect.anything() },
        ]);
    });

    // Without a configured limit (events decided before limits existed) reassignment goes on as before.
    it('has no limit when none is configured', () => {
      given(lostInTurn(4))
        .when(progressOf('run-1'), { draws: [0] })
        .then([{ type: 'step.assigned', payload: expect.objectContaining({ attempt: 5, workerId: 'w-5' }) }]);
    });
  });

  describe('hand-back by a stopping worker', () => {
    const holding = [...workers.slice(0, 2), runStarted(run), stepAssigned(run, 0, 'w-1'), stepStarted(run, 0, 'w-1')];

    it('records a released attempt', () => {
      given(holding)
        .when(report(run, 0, { outcome: 'released' }))
        .then([
          {
            type: 'step.released',
            payload: { runId: 'run-1', stepRunId: 'run-1.s0', attempt: 1, workerId: 'w-1' },
          },
        ]);
    });

    // "hands back what it could not finish": assigned again at once, to another worker (the
    // stopping one takes nothing new), and not counted — even a limit of 0 lets it go on.
    it('reassigns a released step at once to another worker, without counting it against the limit', () => {
      const { state } = given(holding, released(run, 0, 'w-1', 1))
        .when(progressWithLimit(0), { draws: [0] })
        .then([
          {
            type: 'step.assigned',
            payload: expect.objectContaining({ attempt: 2, workerId: 'w-2', candidates: ['w-2'] }),
          },
        ]);
      expect(state.stepRuns.get('run-1.s0')?.reassignments ?? 0).toBe(0);
      expect(state.workers.get('w-1')?.active.size).toBe(0);
    });

    it('hands nothing back once the attempt finished', () => {
      given(holding, stepCompleted(run, 0, 'w-1', 'done'))
        .when(report(run, 0, { outcome: 'released' }))
        .thenNothingHappened();
    });
  });

  describe('fencing', () => {
    const reassigned = [
      ...workers.slice(0, 2),
      runStarted(run),
      stepAssigned(run, 0, 'w-1', { attempt: 1 }),
      stepStarted(run, 0, 'w-1', 1),
      workerBecameUnavailable('w-1'),
      stepAssigned(run, 0, 'w-2', { attempt: 2 }),
    ];

    it('refuses a late result for an attempt that is no longer current', () => {
      given(reassigned)
        .when(report(run, 0, { outcome: 'completed', output: 'late' }, { attempt: 1 }))
        .thenThrows(409, /attempt 1 .* is not current \(current attempt: 2\)/);
    });

    it('records the refusal, and the recorded refusal is never applied to the step', () => {
      const { state } = given(reassigned)
        .when(refusalOf(run, 0, 1, { outcome: 'completed', output: 'late' }))
        .then([
          {
            type: 'step.report-refused',
            payload: {
              runId: 'run-1',
              stepRunId: 'run-1.s0',
              attempt: 1,
              currentAttempt: 2,
              workerId: 'w-1',
              outcome: 'completed',
              reason: 'attempt 1 is no longer current: the step was assigned again (current attempt: 2)',
            },
          },
        ]);
      const step = state.stepRuns.get('run-1.s0');
      expect(step).toMatchObject({ status: 'assigned', attempt: 2, workerId: 'w-2', output: undefined });
    });

    it('records a repeated late report once: the event id is derived from (step run, attempt, outcome)', () => {
      const first = given(reassigned)
        .when(refusalOf(run, 0, 1, { outcome: 'completed', output: 'late' }))
        .then([{ type: 'step.report-refused', payload: expect.anything() }]);
      const again = given(reassigned)
        .when(refusalOf(run, 0, 1, { outcome: 'completed', output: 'late' }))
        .then([{ type: 'step.report-refused', payload: expect.anything() }]);
      expect(again.events[0].id).toBe(first.events[0].id);
      given(reassigned, first.events)
        .when(refusalOf(run, 0, 1, { outcome: 'completed', output: 'again' }))
        .thenNothingHappened();
    });

    it('records a late report on the current attempt after it was taken back into the queue', () => {
      given(
        workerRegistered('w-1', { actions: ['job:do'] }),
        runStarted(run),
        stepAssigned(run, 0, 'w-1', { attempt: 1 }),
        workerBecameUnavailable('w-1'),
        stepQueued(run, 0),
      )
        .when(refusalOf(run, 0, 1, { outcome: 'failed', error: 'boom' }))
        .then([
          {
            type: 'step.report-refused',
            payload: expect.objectContaining({
              attempt: 1,
              currentAttempt: 1,
              outcome: 'failed',
              reason: 'attempt 1 is no longer current: it was taken back from its worker',
            }),
          },
        ]);
    });

    it('records nothing for an attempt that never existed or for the current one', () => {
      given(reassigned)
        .when(refusalOf(run, 0, 3, { outcome: 'started' }))
        .thenNothingHappened();
      given(reassigned)
        .when(refusalOf(run, 0, 2, { outcome: 'started' }))
        .thenNothingHappened();
    });

    it('never completes a step twice: the late result of the lost attempt changes nothing after the current one completed', () => {
      const done = given(reassigned).when(report(run, 0, { outcome: 'completed', output: 'by w-2' }, { attempt: 2 }));
      const { state, events } = done.then([
        { type: 'step.completed', payload: expect.objectContaining({ attempt: 2, workerId: 'w-2', output: 'by w-2' }) },
      ]);
      given(reassigned, events)
        .when(report(run, 0, { outcome: 'completed', output: 'late' }, { attempt: 1 }))
        .thenThrows(409);
      given(reassigned, events)
        .when(report(run, 0, { outcome: 'completed', output: 'by w-2' }, { attempt: 2 }))
        .thenNothingHappened();
      expect(state.stepRuns.get('run-1.s0')?.output).toBe('by w-2');
    });
  });
});
