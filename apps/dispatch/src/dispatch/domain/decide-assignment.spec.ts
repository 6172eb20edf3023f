import { EventEnvelope } from '@wharf/events';
import { candidatesFor, decideAssignment } from './decide-assignment';
import { deterministicId } from './deterministic-id';
import { DispatchState, scopeKey } from './dispatch-state';
import { evolveDispatchState } from './evolve-dispatch-state';
import {
  aRun,
  assignmentOf,
  fold,
  given,
  NOW,
  runCompleted,
  runStarted,
  stepAssigned,
  stepCompleted,
  stepQueued,
  workerBecameAvailable,
  workerBecameUnavailable,
  workerDeregistered,
  workerRegistered,
} from './testing/given';

const resizeRun = aRun('run-1', { input: { path: '/a.png' }, steps: [{ step: 'resize', action: 'img.resize' }] });
/** Another run whose step occupies a worker's slot. */
const busyRun = aRun('run-busy', { steps: [{ step: 'resize', action: 'img.resize' }] });
const resizer = (workerId: string, options: Parameters<typeof workerRegistered>[1] = { actions: ['img.resize'] }) =>
  workerRegistered(workerId, options);

function assignedTo(workerId: string, candidates: string[], draw: number, input: unknown = { path: '/a.png' }) {
  return {
    type: 'step.assigned' as const,
    payload: {
      runId: 'run-1',
      stepRunId: 'run-1.s0',
      step: 'resize',
      action: 'img.resize',
      attempt: 1,
      workerId,
      workerName: workerId,
      strategy: 'random',
      candidates,
      draw,
      input,
    },
  };
}

describe('assignment candidates', () => {
  it('are the available workers of the same tenant and namespace that handle the action and have a free slot', () => {
    given(resizer('w-ok'), runStarted(resizeRun))
      .when(assignmentOf(resizeRun, 0))
      .then([assignedTo('w-ok', ['w-ok'], 0)]);
  });

  // Each excluded worker is named to sort before `w-ok`, so a wrongly kept one would change the draw.
  it.each([
    ['of another namespace', [resizer('w-0', { namespace: 'staging', actions: ['img.resize'] })]],
    ['of another tenant', [resizer('w-0', { tenant: 'globex', actions: ['img.resize'] })]],
    ['that became unavailable', [resizer('w-0'), workerBecameUnavailable('w-0')]],
    ['that deregistered', [resizer('w-0'), workerDeregistered('w-0')]],
    [
      'that deregistered while busy (it stays known until its step finishes)',
      [resizer('w-0'), runStarted(busyRun), stepAssigned(busyRun, 0, 'w-0'), workerDeregistered('w-0')],
    ],
    ['that does not handle the action', [resizer('w-0', { actions: ['img.crop', 'mail.send'] })]],
    ['whose slots are all taken (maxRuns 1)', [resizer('w-0'), runStarted(busyRun), stepAssigned(busyRun, 0, 'w-0')]],
  ])('exclude a worker %s', (_why, history) => {
    given(history, resizer('w-ok'), runStarted(resizeRun))
      .when(assignmentOf(resizeRun, 0))
      .then([assignedTo('w-ok', ['w-ok'], 0)]);
  });

  it('exclude a worker whose every one of its maxRuns slots is taken', () => {
    const other = aRun('run-busy-2', { steps: [{ step: 'resize', action: 'img.resize' }] });
    given(
      resizer('w-0', { actions: ['img.resize'], maxRuns: 2 }),
      runStarted(busyRun),
      stepAssigned(busyRun, 0, 'w-0'),
      runStarted(other),
      stepAssigned(other, 0, 'w-0'),
      resizer('w-ok'),
      runStarted(resizeRun),
    )
      .when(assignmentOf(resizeRun, 0))
      .then([assignedTo('w-ok', ['w-ok'], 0)]);
  });

  it('include a worker with maxRuns 2 and one step in hand', () => {
    given(
      resizer('w-0', { actions: ['img.resize'], maxRuns: 2 }),
      runStarted(busyRun),
      stepAssigned(busyRun, 0, 'w-0'),
      resizer('w-ok'),
      runStarted(resizeRun),
    )
      .when(assignmentOf(resizeRun, 0))
      .then([assignedTo('w-0', ['w-0', 'w-ok'], 0)]);
  });

  it('include a worker that became available again', () => {
    given(resizer('w-0'), workerBecameUnavailable('w-0'), workerBecameAvailable('w-0'), runStarted(resizeRun))
      .when(assignmentOf(resizeRun, 0))
      .then([assignedTo('w-0', ['w-0'], 0)]);
  });

  it('include a worker whose slot was freed by its finished step', () => {
    given(
      resizer('w-0'),
      runStarted(busyRun),
      stepAssigned(busyRun, 0, 'w-0'),
      stepCompleted(busyRun, 0, 'w-0', null),
      runStarted(resizeRun),
    )
      .when(assignmentOf(resizeRun, 0))
      .then([assignedTo('w-0', ['w-0'], 0)]);
  });

  it('are listed sorted by worker id, whatever the order the workers registered in', () => {
    const state = given(resizer('w-c'), resizer('w-a'), resizer('w-b'), runStarted(resizeRun)).state;
    const run = state.runs.get('run-1');
    expect(run).toBeDefined();
    expect(candidatesFor(state, run!, run!.steps[0]).map((w) => w.workerId)).toEqual(['w-a', 'w-b', 'w-c']);
  });
});

describe('the random draw', () => {
  const threeWorkers = [resizer('w-c'), resizer('w-a'), resizer('w-b'), runStarted(resizeRun)];

  it.each([
    [0, 'w-a'],
    [0.3333, 'w-a'],
    [0.3334, 'w-b'],
    [0.5, 'w-b'],
    [0.6666, 'w-b'],
    [0.6667, 'w-c'],
    [0.9999999, 'w-c'],
  ])(
    'draw %p picks candidates[floor(draw * 3)] = %s, and both the draw and the candidates are recorded',
    (draw, chosen) => {
      given(threeWorkers)
        .when(assignmentOf(resizeRun, 0), { draws: [draw] })
        .then([assignedTo(chosen, ['w-a', 'w-b', 'w-c'], draw)]);
    },
  );

  it('is not taken when no worker qualifies', () => {
    given(runStarted(resizeRun))
      .when(assignmentOf(resizeRun, 0), { draws: [] })
      .then([{ type: 'step.queued', payload: expect.anything() }]);
  });
});

describe('an assignment', () => {
  it('is the next attempt of the step, recorded on the step and in the worker slot', () => {
    const { state } = given(resizer('w-1'), runStarted(resizeRun))
      .when(assignmentOf(resizeRun, 0))
      .then([assignedTo('w-1', ['w-1'], 0)]);
    expect(state.stepRuns.get('run-1.s0')).toMatchObject({ status: 'assigned', attempt: 1, workerId: 'w-1' });
    expect([...state.workers.get('w-1')!.active]).toEqual(['run-1.s0']);
  });

  it('has an id derived from the step run and the attempt, on the run, correlated with the event, at the clock', () => {
    const { events } = given(resizer('w-1'), runStarted(resizeRun))
      .when(assignmentOf(resizeRun, 0))
      .then([assignedTo('w-1', ['w-1'], 0)]);
    expect(events[0]).toMatchObject({
      id: deterministicId('run-1.s0', 'assigned', '1'),
      aggregate: { type: 'run', id: 'run-1' },
      actor: 'system',
      correlationId: resizeRun.eventId,
      occurredAt: NOW.toISOString(),
    });
  });

  it('takes the run input as the input of the first step', () => {
    given(resizer('w-1'), runStarted(resizeRun))
      .when(assignmentOf(resizeRun, 0))
      .then([assignedTo('w-1', ['w-1'], 0, { path: '/a.png' })]);
  });

  it("takes the previous step's output as the input of the next step", () => {
    const pipeline = aRun('run-2', {
      input: { path: '/a.png' },
      steps: [
        { step: 'resize', action: 'img.resize' },
        { step: 'publish', action: 'cdn.put' },
      ],
    });
    given(
      resizer('w-1'),
      workerRegistered('w-2', { actions: ['cdn.put'] }),
      runStarted(pipeline),
      stepAssigned(pipeline, 0, 'w-1'),
      stepCompleted(pipeline, 0, 'w-1', { path: '/a-small.png', bytes: 1024 }),
    )
      .when(assignmentOf(pipeline, 1))
      .then([
        {
          type: 'step.assigned',
          payload: expect.objectContaining({
            stepRunId: 'run-2.s1',
            workerId: 'w-2',
            input: { path: '/a-small.png', bytes: 1024 },
          }),
        },
      ]);
  });

  it('is not decided again for a step already assigned', () => {
    given(
      resizer('w-1', { actions: ['img.resize'], maxRuns: 5 }),
      runStarted(resizeRun),
      stepAssigned(resizeRun, 0, 'w-1'),
    )
      .when(assignmentOf(resizeRun, 0), { draws: [] })
      .thenNothingHappened();
  });
});

describe('a step no worker can take', () => {
  it('is queued, once, in the scope and action it waits for', () => {
    const { events, state } = given(resizer('w-1', { actions: ['img.crop'] }), runStarted(resizeRun))
      .when(assignmentOf(resizeRun, 0))
      .then([
        {
          type: 'step.queued',
          payload: {
            runId: 'run-1',
            stepRunId: 'run-1.s0',
            step: 'resize',
            action: 'img.resize',
            reason: 'no-available-worker',
          },
        },
      ]);
    expect(events[0].id).toBe(deterministicId('run-1.s0', 'queued', '0'));
    expect(state.stepRuns.get('run-1.s0')?.status).toBe('queued');
    expect(state.queues.get(scopeKey('acme', 'default', 'img.resize'))).toEqual(['run-1.s0']);
  });

  it('is not queued again while it waits', () => {
    given(runStarted(resizeRun), stepQueued(resizeRun, 0)).when(assignmentOf(resizeRun, 0)).thenNothingHappened();
  });

  it('is assigned once a worker registers, and leaves the queue', () => {
    const { state } = given(runStarted(resizeRun), stepQueued(resizeRun, 0), resizer('w-1'))
      .when(assignmentOf(resizeRun, 0))
      .then([assignedTo('w-1', ['w-1'], 0)]);
    expect(state.queues.size).toBe(0);
  });
});

describe('the queue of an action', () => {
  const waiting = ['run-a', 'run-b', 'run-c'].map((id) =>
    aRun(id, { steps: [{ step: 'resize', action: 'img.resize' }] }),
  );
  const queueKey = scopeKey('acme', 'default', 'img.resize');
  const queuedInOrder = waiting.flatMap((run) => [runStarted(run), stepQueued(run, 0)]);

  /** What the dispatcher does when slots free up: assign the head of the queue until nobody can take it. */
  function drain(state: DispatchState): EventEnvelope[] {
    const decided: EventEnvelope[] = [];
    const queue = state.queues.get(queueKey) ?? [];
    while (queue.length > 0) {
      const step = state.stepRuns.get(queue[0])!;
      const events = decideAssignment(state, state.runs.get(step.runId)!, step, { now: NOW, random: () => 0 });
      if (events.length === 0) break;
      for (const event of events) {
        evolveDispatchState(state, event);
        decided.push(event);
      }
    }
    return decided;
  }

  it('keeps the waiting steps in the order they were queued', () => {
    expect(given(queuedInOrder).state.queues.get(queueKey)).toEqual(['run-a.s0', 'run-b.s0', 'run-c.s0']);
  });

  it('lets the waiting steps leave first in, first out as slots free up', () => {
    const state = fold([...queuedInOrder, resizer('w-1', { actions: ['img.resize'], maxRuns: 2 })]);
    expect(drain(state).map((e) => (e.payload as { stepRunId: string }).stepRunId)).toEqual(['run-a.s0', 'run-b.s0']);
    expect(state.queues.get(queueKey)).toEqual(['run-c.s0']);

    fold([stepCompleted(waiting[0], 0, 'w-1', null), runCompleted(waiting[0], null)], state);
    expect(drain(state).map((e) => (e.payload as { stepRunId: string }).stepRunId)).toEqual(['run-c.s0']);
    expect(state.queues.has(queueKey)).toBe(false);
  });

  it('loses only the step that was assigned when it is not the head', () => {
    const { state } = given(queuedInOrder, resizer('w-1'))
      .when(assignmentOf(waiting[1], 0))
      .then([{ type: 'step.assigned', payload: expect.objectContaining({ stepRunId: 'run-b.s0' }) }]);
    expect(state.queues.get(queueKey)).toEqual(['run-a.s0', 'run-c.s0']);
  });

  it('is kept per tenant and namespace', () => {
    const elsewhere = aRun('run-x', { namespace: 'staging', steps: [{ step: 'resize', action: 'img.resize' }] });
    const state = given(queuedInOrder, runStarted(elsewhere), stepQueued(elsewhere, 0)).state;
    expect(state.queues.get(queueKey)).toEqual(['run-a.s0', 'run-b.s0', 'run-c.s0']);
    expect(state.queues.get(scopeKey('acme', 'staging', 'img.resize'))).toEqual(['run-x.s0']);
  });
});

/** A tiny seeded PRNG (mulberry32): the same seed gives the same 10,000 draws on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the uniform choice', () => {
  it('spreads 10,000 assignments over 4 equal workers evenly (chi-square below 16.27, df 3, p 0.001)', () => {
    const workers = ['w-1', 'w-2', 'w-3', 'w-4'];
    const state = fold(workers.map((id) => resizer(id)));
    const context = { now: NOW, random: mulberry32(20250301) };
    const picks = new Map(workers.map((id) => [id, 0]));
    const decisions = 10_000;

    for (let i = 0; i < decisions; i++) {
      const run = aRun(`run-${i}`, { steps: [{ step: 'resize', action: 'img.resize' }] });
      fold([runStarted(run)], state);
      const [assigned] = decideAssignment(
        state,
        state.runs.get(run.runId)!,
        state.stepRuns.get(`run-${i}.s0`)!,
        context,
      );
      const { workerId, candidates } = (assigned as EventEnvelope<'step.assigned'>).payload;
      if (candidates.length !== workers.length)
        throw new Error(`decision ${i} saw candidates ${candidates.join(', ')}`);
      picks.set(workerId, picks.get(workerId)! + 1);
      // Finish the run so every decision sees the same four free workers.
      fold([assigned, stepCompleted(run, 0, workerId, null), runCompleted(run, null)], state);
    }

    const expected = decisions / workers.length;
    const chiSquare = [...picks.values()].reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
    expect([...picks.values()].reduce((a, b) => a + b, 0)).toBe(decisions);
    expect(chiSquare).toBeLessThan(16.27);
    expect(state.runs.size).toBe(0);
    expect([...state.workers.values()].every((w) => w.active.size === 0)).toBe(true);
  });
});
