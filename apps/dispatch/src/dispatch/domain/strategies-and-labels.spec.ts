import { AssignmentReason, AssignmentStrategy, EventEnvelope, StepAffinity, StickyMode } from '@wharf/events';
import { decideAssignment } from './decide-assignment';
import { DispatchState, scopeKey } from './dispatch-state';
import { evolveDispatchState } from './evolve-dispatch-state';
import {
  aRun,
  assignmentOf,
  eventPushed,
  fold,
  given,
  NOW,
  progressOf,
  RunFixture,
  runStarted,
  startRunsOf,
  stepAssigned,
  stepCompleted,
  stepQueued,
  workerBecameUnavailable,
  workerDeregistered,
  workerRegistered,
  workflowPut,
} from './testing/given';

interface StepOptions {
  strategy?: AssignmentStrategy;
  affinity?: StepAffinity;
  sticky?: StickyMode;
}

/** A worker of the default scope that handles `work`, with labels. */
function worker(
  workerId: string,
  labels: Record<string, string> = {},
  maxRuns = 1,
): EventEnvelope<'worker.registered'> {
  const event = workerRegistered(workerId, { actions: ['work'], maxRuns });
  return { ...event, payload: { ...event.payload, labels } };
}

/** A one-step run of action `work` planned with the given options. */
function oneStepRun(runId: string, options: StepOptions = {}): RunFixture {
  const run = aRun(runId, { steps: [{ step: 'only', action: 'work' }] });
  return { ...run, steps: [{ ...run.steps[0], ...options }] };
}

/** A two-step run (`first`, then `second`) whose second step has the given options. */
function twoStepRun(runId: string, second: StepOptions = {}): RunFixture {
  const run = aRun(runId, {
    steps: [
      { step: 'first', action: 'work' },
      { step: 'second', action: 'work' },
    ],
  });
  return { ...run, steps: [run.steps[0], { ...run.steps[1], ...second }] };
}

/** The first step of a two-step run ran and completed on `workerId`. */
function firstStepRanOn(run: RunFixture, workerId: string): EventEnvelope[] {
  return [runStarted(run), stepAssigned(run, 0, workerId), stepCompleted(run, 0, workerId, 'out')];
}

interface Expected {
  workerId: string;
  candidates: string[];
  strategy?: AssignmentStrategy;
  draw?: number;
  reason?: AssignmentReason;
}

function assigned(run: RunFixture, index: number, expected: Expected) {
  const plan = run.steps[index];
  return {
    type: 'step.assigned' as const,
    payload: {
      runId: run.runId,
      stepRunId: plan.stepRunId,
      step: plan.step,
      action: plan.action,
      attempt: 1,
      workerId: expected.workerId,
      workerName: expected.workerId,
      strategy: expected.strategy ?? 'random',
      candidates: expected.candidates,
      draw: expected.draw ?? 0,
      input: index === 0 ? null : 'out',
      ...(expected.reason === undefined ? {} : { reason: expected.reason }),
    },
  };
}

function queued(run: RunFixture, index: number) {
  const { stepRunId, step, action } = run.steps[index];
  return {
    type: 'step.queued' as const,
    payload: { runId: run.runId, stepRunId, step, action, reason: 'no-available-worker' },
  };
}

/** Folds assignment after assignment of fresh one-step runs and counts the chosen workers. */
function assignMany(past: EventEnvelope[], count: number, options: StepOptions, completeEach: boolean) {
  const state: DispatchState = fold(past);
  const counts = new Map<string, number>();
  let seed = 7;
  const random = () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
  for (let i = 0; i < count; i++) {
    const run = oneStepRun(`run-${i}`, options);
    evolveDispatchState(state, runStarted(run));
    const found = state.runs.get(run.runId);
    if (!found) throw new Error('run not started');
    const [event] = decideAssignment(state, found, found.steps[0], { now: NOW, random });
    if (event?.type !== 'step.assigned') throw new Error(`run ${i} was not assigned`);
    evolveDispatchState(state, event);
    const workerId = (event as EventEnvelope<'step.assigned'>).payload.workerId;
    counts.set(workerId, (counts.get(workerId) ?? 0) + 1);
    if (completeEach) evolveDispatchState(state, stepCompleted(run, 0, workerId, null));
  }
  return counts;
}

describe('required labels', () => {
  const gpuRun = oneStepRun('run-gpu', { affinity: { required: { gpu: 'true' } } });

  it('exclude every worker that does not carry them with the same value', () => {
    given(worker('w-a', { gpu: 'false' }), worker('w-b'), worker('w-c', { gpu: 'true' }), runStarted(gpuRun))
      .when(assignmentOf(gpuRun, 0))
      .then([
        assigned(gpuRun, 0, {
          workerId: 'w-c',
          candidates: ['w-c'],
          reason: { requiredLabels: { gpu: 'true' }, score: 0, sticky: null },
        }),
      ]);
  });

  it('queue the step when no matching worker is free, even though others are', () => {
    given(worker('w-a', { gpu: 'false' }), worker('w-b'), runStarted(gpuRun))
      .when(assignmentOf(gpuRun, 0))
      .then([queued(gpuRun, 0)]);
  });

  it('do not hold back a later step that other workers can take', () => {
    const plain = oneStepRun('run-plain');
    given(worker('w-a'), runStarted(gpuRun), stepQueued(gpuRun, 0), runStarted(plain))
      .when(assignmentOf(plain, 0))
      .then([assigned(plain, 0, { workerId: 'w-a', candidates: ['w-a'] })]);
  });

  it('still keep a later step behind a waiting step that could take the free worker', () => {
    const waiting = oneStepRun('run-waiting');
    const plain = oneStepRun('run-plain');
    given(worker('w-a'), runStarted(waiting), stepQueued(waiting, 0), runStarted(plain))
      .when(assignmentOf(plain, 0))
      .then([queued(plain, 0)]);
  });
});

describe('weighted labels', () => {
  const local = { weighted: [{ key: 'env', value: 'local', weight: 10 }] };

  it('rank the candidates: only the best-ranked remain for the strategy', () => {
    const run = oneStepRun('run-1', { affinity: local });
    given(
      worker('w-cloud-1', { env: 'cloud' }),
      worker('w-local', { env: 'local' }),
      worker('w-cloud-2'),
      runStarted(run),
    )
      .when(assignmentOf(run, 0), { draws: [0.99] })
      .then([
        assigned(run, 0, {
          workerId: 'w-local',
          candidates: ['w-local'],
          draw: 0.99,
          reason: { requiredLabels: {}, score: 10, sticky: null },
        }),
      ]);
  });

  it('add up, and the strategy chooses among the workers that tie for the best score', () => {
    const run = oneStepRun('run-1', {
      affinity: {
        weighted: [
          { key: 'env', value: 'local', weight: 2 },
          { key: 'gpu', value: 'true', weight: 3 },
        ],
      },
    });
    given(
      worker('w-a', { env: 'local' }),
      worker('w-b', { gpu: 'true' }),
      worker('w-c', { env: 'local', gpu: 'true' }),
      worker('w-d', { env: 'local', gpu: 'true' }),
      runStarted(run),
    )
      .when(assignmentOf(run, 0), { draws: [0.6] })
      .then([
        assigned(run, 0, {
          workerId: 'w-d',
          candidates: ['w-c', 'w-d'],
          draw: 0.6,
          reason: { requiredLabels: {}, score: 5, sticky: null },
        }),
      ]);
  });

  it('fall back to the other workers when the preferred one is busy: a preference, never a requirement', () => {
    const busy = oneStepRun('run-busy');
    const run = oneStepRun('run-1', { affinity: local });
    given(
      worker('w-cloud', { env: 'cloud' }),
      worker('w-local', { env: 'local' }),
      runStarted(busy),
      stepAssigned(busy, 0, 'w-local'),
      runStarted(run),
    )
      .when(assignmentOf(run, 0))
      .then([
        assigned(run, 0, {
          workerId: 'w-cloud',
          candidates: ['w-cloud'],
          reason: { requiredLabels: {}, score: 0, sticky: null },
        }),
      ]);
  });

  it('rank only among the workers that carry the required labels', () => {
    const run = oneStepRun('run-1', { affinity: { required: { region: 'eu' }, ...local } });
    given(worker('w-local-us', { env: 'local', region: 'us' }), worker('w-cloud-eu', { region: 'eu' }), runStarted(run))
      .when(assignmentOf(run, 0))
      .then([
        assigned(run, 0, {
          workerId: 'w-cloud-eu',
          candidates: ['w-cloud-eu'],
          reason: { requiredLabels: { region: 'eu' }, score: 0, sticky: null },
        }),
      ]);
  });
});

describe('round-robin', () => {
  it('chooses the first candidate after the one it chose last for the action, in worker-id order', () => {
    const before = oneStepRun('run-0', { strategy: 'round-robin' });
    const run = oneStepRun('run-1', { strategy: 'round-robin' });
    given(
      worker('w-a', {}, 5),
      worker('w-b', {}, 5),
      worker('w-c', {}, 5),
      runStarted(before),
      {
        ...stepAssigned(before, 0, 'w-b'),
        payload: { ...stepAssigned(before, 0, 'w-b').payload, strategy: 'round-robin' },
      },
      runStarted(run),
    )
      .when(assignmentOf(run, 0), { draws: [0] })
      .then([assigned(run, 0, { workerId: 'w-c', candidates: ['w-a', 'w-b', 'w-c'], strategy: 'round-robin' })]);
  });

  it('wraps around to the first worker, and starts there when it never chose', () => {
    const run = oneStepRun('run-1', { strategy: 'round-robin' });
    given(worker('w-a'), worker('w-b'), runStarted(run))
      .when(assignmentOf(run, 0), { draws: [0.99] })
      .then([assigned(run, 0, { workerId: 'w-a', candidates: ['w-a', 'w-b'], strategy: 'round-robin', draw: 0.99 })]);
  });

  it('is not moved by a random assignment of the same action', () => {
    const state = fold([
      worker('w-a'),
      worker('w-b'),
      runStarted(oneStepRun('r')),
      stepAssigned(oneStepRun('r'), 0, 'w-b'),
    ]);
    expect(state.roundRobin.get(scopeKey('acme', 'default', 'work'))).toBeUndefined();
  });

  it('balances 400 assignments over 4 equal, always free workers exactly', () => {
    const workers = ['w-1', 'w-2', 'w-3', 'w-4'].map((id) => worker(id, {}, 1000));
    const counts = assignMany(workers, 400, { strategy: 'round-robin' }, false);
    expect(Object.fromEntries(counts)).toEqual({ 'w-1': 100, 'w-2': 100, 'w-3': 100, 'w-4': 100 });
  });
});

describe('least-loaded', () => {
  const busy = [oneStepRun('busy-1'), oneStepRun('busy-2'), oneStepRun('busy-3')];

  it('chooses the worker with the lowest share of its slots in use', () => {
    const run = oneStepRun('run-1', { strategy: 'least-loaded' });
    given(
      worker('w-a', {}, 2),
      worker('w-b', {}, 4),
      worker('w-c', {}, 3),
      busy.map((b) => runStarted(b)),
      stepAssigned(busy[0], 0, 'w-a'),
      stepAssigned(busy[1], 0, 'w-b'),
      stepAssigned(busy[2], 0, 'w-c'),
      runStarted(run),
    )
      .when(assignmentOf(run, 0), { draws: [0.99] })
      .then([
        assigned(run, 0, { workerId: 'w-b', candidates: ['w-a', 'w-b', 'w-c'], strategy: 'least-loaded', draw: 0.99 }),
      ]);
  });

  it('breaks ties with the draw among the emptiest workers', () => {
    const run = oneStepRun('run-1', { strategy: 'least-loaded' });
    given(
      worker('w-a', {}, 2),
      worker('w-b', {}, 4),
      worker('w-c', {}, 2),
      worker('w-d', {}, 4),
      runStarted(busy[0]),
      stepAssigned(busy[0], 0, 'w-a'),
      runStarted(run),
    )
      .when(assignmentOf(run, 0), { draws: [0.6] })
      .then([
        assigned(run, 0, {
          workerId: 'w-c',
          candidates: ['w-a', 'w-b', 'w-c', 'w-d'],
          strategy: 'least-loaded',
          draw: 0.6,
        }),
      ]);
  });
});

describe('sticky runs', () => {
  const sticky = (reason: Partial<AssignmentReason> = {}): AssignmentReason => ({
    requiredLabels: {},
    score: 0,
    sticky: 'required',
    ...reason,
  });

  it('soft: a later step goes to the worker that ran the first step, whatever the draw', () => {
    const run = twoStepRun('run-1', { sticky: 'soft' });
    given(worker('w-a'), worker('w-b'), worker('w-c'), firstStepRanOn(run, 'w-b'))
      .when(progressOf(run.runId), { draws: [0] })
      .then([assigned(run, 1, { workerId: 'w-b', candidates: ['w-b'], reason: sticky({ sticky: 'preferred' }) })]);
  });

  it('soft: falls back to the strategy when that worker is busy', () => {
    const run = twoStepRun('run-1', { sticky: 'soft' });
    const other = oneStepRun('run-other');
    given(worker('w-a'), worker('w-b'), firstStepRanOn(run, 'w-b'), runStarted(other), stepAssigned(other, 0, 'w-b'))
      .when(progressOf(run.runId))
      .then([assigned(run, 1, { workerId: 'w-a', candidates: ['w-a'], reason: sticky({ sticky: null }) })]);
  });

  it.each([
    ['unavailable', workerBecameUnavailable('w-b')],
    ['gone', workerDeregistered('w-b')],
  ])('soft: falls back to the strategy when that worker is %s', (_, lost) => {
    const run = twoStepRun('run-1', { sticky: 'soft' });
    given(worker('w-a'), worker('w-b'), firstStepRanOn(run, 'w-b'), lost)
      .when(progressOf(run.runId))
      .then([assigned(run, 1, { workerId: 'w-a', candidates: ['w-a'], reason: sticky({ sticky: null }) })]);
  });

  it('hard: a later step goes to the worker that ran the first step', () => {
    const run = twoStepRun('run-1', { sticky: 'hard' });
    given(worker('w-a'), worker('w-b'), worker('w-c'), firstStepRanOn(run, 'w-b'))
      .when(progressOf(run.runId), { draws: [0] })
      .then([assigned(run, 1, { workerId: 'w-b', candidates: ['w-b'], reason: sticky() })]);
  });

  it('hard: waits (queued) while that worker is busy, though another is free, and gets it when it frees', () => {
    const run = twoStepRun('run-1', { sticky: 'hard' });
    const other = oneStepRun('run-other');
    const past = [
      worker('w-a'),
      worker('w-b'),
      firstStepRanOn(run, 'w-b'),
      runStarted(other),
      stepAssigned(other, 0, 'w-b'),
    ].flat();
    given(past)
      .when(progressOf(run.runId))
      .then([queued(run, 1)]);
    given(past, stepQueued(run, 1), stepCompleted(other, 0, 'w-b', null))
      .when(assignmentOf(run, 1))
      .then([assigned(run, 1, { workerId: 'w-b', candidates: ['w-b'], reason: sticky() })]);
  });

  it('hard: waits while that worker is unavailable', () => {
    const run = twoStepRun('run-1', { sticky: 'hard' });
    given(worker('w-a'), worker('w-b'), firstStepRanOn(run, 'w-b'), workerBecameUnavailable('w-b'))
      .when(progressOf(run.runId))
      .then([queued(run, 1)]);
  });

  it('hard: a step waiting for its worker does not hold back steps other workers can take', () => {
    const run = twoStepRun('run-1', { sticky: 'hard' });
    const other = oneStepRun('run-other');
    const plain = oneStepRun('run-plain');
    given(
      worker('w-a'),
      worker('w-b'),
      firstStepRanOn(run, 'w-b'),
      runStarted(other),
      stepAssigned(other, 0, 'w-b'),
      stepQueued(run, 1),
      runStarted(plain),
    )
      .when(assignmentOf(plain, 0))
      .then([assigned(plain, 0, { workerId: 'w-a', candidates: ['w-a'] })]);
  });

  it.each(['soft', 'hard'] as const)('%s: never bypasses a required label', (sticky) => {
    const run = twoStepRun('run-1', { sticky, affinity: { required: { gpu: 'true' } } });
    const past = [worker('w-a', { gpu: 'true' }), worker('w-b'), firstStepRanOn(run, 'w-b')].flat();
    if (sticky === 'soft') {
      given(past)
        .when(progressOf(run.runId))
        .then([
          assigned(run, 1, {
            workerId: 'w-a',
            candidates: ['w-a'],
            reason: { requiredLabels: { gpu: 'true' }, score: 0, sticky: null },
          }),
        ]);
    } else {
      given(past)
        .when(progressOf(run.runId))
        .then([queued(run, 1)]);
    }
  });

  it('soft sticky wins over weighted labels', () => {
    const run = twoStepRun('run-1', {
      sticky: 'soft',
      affinity: { weighted: [{ key: 'env', value: 'local', weight: 1 }] },
    });
    given(worker('w-local', { env: 'local' }), worker('w-cloud'), firstStepRanOn(run, 'w-cloud'))
      .when(progressOf(run.runId))
      .then([
        assigned(run, 1, { workerId: 'w-cloud', candidates: ['w-cloud'], reason: sticky({ sticky: 'preferred' }) }),
      ]);
  });

  it('has no effect on the first step', () => {
    const run = oneStepRun('run-1', { sticky: 'hard' });
    given(worker('w-a'), worker('w-b'), runStarted(run))
      .when(assignmentOf(run, 0), { draws: [0.99] })
      .then([
        assigned(run, 0, {
          workerId: 'w-b',
          candidates: ['w-a', 'w-b'],
          draw: 0.99,
          reason: sticky({ sticky: null }),
        }),
      ]);
  });
});

describe('assignment options from the workflow', () => {
  it('travel with the run: the step strategy overrides the workflow strategy; absent options stay absent', () => {
    const put = workflowPut('wf', { eventKeys: ['k'] });
    const withOptions = {
      ...put,
      payload: {
        ...put.payload,
        strategy: 'least-loaded' as const,
        steps: [
          { name: 'a', action: 'work' },
          { name: 'b', action: 'work', strategy: 'round-robin' as const, sticky: 'hard' as const },
          { name: 'c', action: 'work', affinity: { required: { gpu: 'true' } } },
        ],
      },
    };
    const decided = given(
      withOptions,
      eventPushed('e-1', { key: 'k', runs: [{ runId: 'r-1', workflow: 'wf', workflowVersion: 1 }] }),
    )
      .when(startRunsOf('e-1'))
      .then([{ type: 'run.started', payload: expect.anything() as unknown }]);
    const steps = (decided.events[0] as EventEnvelope<'run.started'>).payload.steps.map(({ stepRunId: _, ...s }) => s);
    expect(steps).toStrictEqual([
      { step: 'a', action: 'work', strategy: 'least-loaded' },
      { step: 'b', action: 'work', strategy: 'round-robin', sticky: 'hard' },
      { step: 'c', action: 'work', strategy: 'least-loaded', affinity: { required: { gpu: 'true' } } },
    ]);
  });

  it('are absent from the plan of a workflow put without them, as before', () => {
    const decided = given(
      workflowPut('wf', { eventKeys: ['k'] }),
      eventPushed('e-1', { key: 'k', runs: [{ runId: 'r-1', workflow: 'wf', workflowVersion: 1 }] }),
    )
      .when(startRunsOf('e-1'))
      .then([{ type: 'run.started', payload: expect.anything() as unknown }]);
    const steps = (decided.events[0] as EventEnvelope<'run.started'>).payload.steps.map(({ stepRunId: _, ...s }) => s);
    expect(steps).toStrictEqual([{ step: 'only', action: 'work' }]);
  });
});
