import { deterministicId } from './deterministic-id';
import { candidatesFor } from './decide-assignment';
import {
  aRun,
  given,
  NOW,
  progressOf,
  runCompleted,
  runFailed,
  runStarted,
  stepAssigned,
  stepCompleted,
  stepFailed,
  stepQueued,
  stepStarted,
  workerRegistered,
} from './testing/given';

const pipeline = aRun('run-1', {
  input: { path: '/a.png' },
  steps: [
    { step: 'resize', action: 'img.resize' },
    { step: 'watermark', action: 'img.watermark' },
    { step: 'publish', action: 'cdn.put' },
  ],
});
const workers = [
  workerRegistered('w-resize', { actions: ['img.resize'] }),
  workerRegistered('w-mark', { actions: ['img.watermark'] }),
  workerRegistered('w-cdn', { actions: ['cdn.put'] }),
];

describe('the progress of a run', () => {
  it('assigns the first step of a run just started', () => {
    given(workers, runStarted(pipeline))
      .when(progressOf('run-1'))
      .then([
        {
          type: 'step.assigned',
          payload: expect.objectContaining({ stepRunId: 'run-1.s0', workerId: 'w-resize', input: { path: '/a.png' } }),
        },
      ]);
  });

  it('assigns the first unfinished step, with the output of the step before as input', () => {
    given(
      workers,
      runStarted(pipeline),
      stepAssigned(pipeline, 0, 'w-resize'),
      stepStarted(pipeline, 0, 'w-resize'),
      stepCompleted(pipeline, 0, 'w-resize', { path: '/a-small.png' }),
    )
      .when(progressOf('run-1'))
      .then([
        {
          type: 'step.assigned',
          payload: expect.objectContaining({
            stepRunId: 'run-1.s1',
            step: 'watermark',
            workerId: 'w-mark',
            attempt: 1,
            input: { path: '/a-small.png' },
          }),
        },
      ]);
  });

  it('queues the first unfinished step when no worker can take it', () => {
    given(
      workers.slice(0, 1),
      runStarted(pipeline),
      stepAssigned(pipeline, 0, 'w-resize'),
      stepCompleted(pipeline, 0, 'w-resize', 1),
    )
      .when(progressOf('run-1'))
      .then([
        { type: 'step.queued', payload: expect.objectContaining({ stepRunId: 'run-1.s1', action: 'img.watermark' }) },
      ]);
  });

  it.each([
    // The worker holding the step is registered and available: the step does not need another.
    ['assigned', [workers[0], stepAssigned(pipeline, 0, 'w-resize')]],
    ['started', [workers[0], stepAssigned(pipeline, 0, 'w-resize'), stepStarted(pipeline, 0, 'w-resize')]],
    ['queued', [stepQueued(pipeline, 0)]],
  ])('decides nothing while the current step is %s', (_status, history) => {
    given(workers.slice(1), runStarted(pipeline), history)
      .when(progressOf('run-1'), { draws: [] })
      .thenNothingHappened();
  });

  it("completes the run with the last step's output once every step completed", () => {
    const { events } = given(
      workers,
      runStarted(pipeline),
      stepAssigned(pipeline, 0, 'w-resize'),
      stepCompleted(pipeline, 0, 'w-resize', { path: '/a-small.png' }),
      stepAssigned(pipeline, 1, 'w-mark'),
      stepCompleted(pipeline, 1, 'w-mark', { path: '/a-marked.png' }),
      stepAssigned(pipeline, 2, 'w-cdn'),
      stepCompleted(pipeline, 2, 'w-cdn', { url: 'https://cdn/a.png' }),
    )
      .when(progressOf('run-1'), { draws: [] })
      .then([{ type: 'run.completed', payload: { runId: 'run-1', output: { url: 'https://cdn/a.png' } } }]);
    expect(events[0]).toMatchObject({
      id: deterministicId('run-1', 'run.completed'),
      aggregate: { type: 'run', id: 'run-1' },
      actor: 'system',
      correlationId: pipeline.eventId,
      occurredAt: NOW.toISOString(),
    });
  });

  it('fails the run when a step failed, naming the step', () => {
    const { events } = given(
      workers,
      runStarted(pipeline),
      stepAssigned(pipeline, 0, 'w-resize'),
      stepCompleted(pipeline, 0, 'w-resize', { path: '/a-small.png' }),
      stepAssigned(pipeline, 1, 'w-mark'),
      stepFailed(pipeline, 1, 'w-mark', 'font missing'),
    )
      .when(progressOf('run-1'), { draws: [] })
      .then([
        { type: 'run.failed', payload: { runId: 'run-1', stepRunId: 'run-1.s1', error: 'step "watermark" failed' } },
      ]);
    expect(events[0].id).toBe(deterministicId('run-1', 'run.failed'));
  });

  it('does not go on to the next step after a failed one', () => {
    given(
      workers,
      runStarted(pipeline),
      stepAssigned(pipeline, 0, 'w-resize'),
      stepFailed(pipeline, 0, 'w-resize', 'oom'),
    )
      .when(progressOf('run-1'), { draws: [] })
      .then([{ type: 'run.failed', payload: expect.objectContaining({ stepRunId: 'run-1.s0' }) }]);
  });
});

describe('a finished run', () => {
  const single = aRun('run-1', { steps: [{ step: 'resize', action: 'img.resize' }] });
  const next = aRun('run-2', { steps: [{ step: 'resize', action: 'img.resize' }] });
  const resizer = workerRegistered('w-1', { actions: ['img.resize'] });

  it('leaves the state once completed, steps and all, and the worker slot is free for another run', () => {
    const { state } = given(
      resizer,
      runStarted(single),
      stepAssigned(single, 0, 'w-1'),
      stepCompleted(single, 0, 'w-1', 42),
    )
      .when(progressOf('run-1'))
      .then([{ type: 'run.completed', payload: { runId: 'run-1', output: 42 } }]);
    expect(state.runs.has('run-1')).toBe(false);
    expect(state.stepRuns.has('run-1.s0')).toBe(false);
    expect(state.workers.get('w-1')?.active.size).toBe(0);
  });

  it('leaves the state once failed, and the worker slot is free for another run', () => {
    const { state } = given(
      resizer,
      runStarted(single),
      stepAssigned(single, 0, 'w-1'),
      stepFailed(single, 0, 'w-1', 'oom'),
    )
      .when(progressOf('run-1'))
      .then([{ type: 'run.failed', payload: expect.objectContaining({ runId: 'run-1' }) }]);
    expect(state.runs.has('run-1')).toBe(false);
    expect(state.stepRuns.has('run-1.s0')).toBe(false);
    expect(state.workers.get('w-1')?.active.size).toBe(0);
  });

  it('frees its worker slot when it finishes, even if its step was never reported finished', () => {
    const state = given(
      resizer,
      runStarted(single),
      stepAssigned(single, 0, 'w-1'),
      runFailed(single, 0, 'cancelled'),
      runStarted(next),
    ).state;
    const run = state.runs.get('run-2')!;
    expect(candidatesFor(state, run, run.steps[0]).map((w) => w.workerId)).toEqual(['w-1']);
  });

  it('gives its worker to the next run', () => {
    given(
      resizer,
      runStarted(single),
      stepAssigned(single, 0, 'w-1'),
      stepCompleted(single, 0, 'w-1', 42),
      runCompleted(single, 42),
      runStarted(next),
    )
      .when(progressOf('run-2'))
      .then([{ type: 'step.assigned', payload: expect.objectContaining({ stepRunId: 'run-2.s0', workerId: 'w-1' }) }]);
  });
});
