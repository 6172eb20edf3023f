import { deterministicId } from './deterministic-id';
import {
  aRun,
  eventPushed,
  given,
  progressOf,
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

/**
 * Rules about steps whose worker is lost, the order of the queue, the workflow version a run
 * starts with, and forgetting deregistered workers. Each says where the rule comes from.
 */
describe('reassignment, queue order and versions', () => {
  const run = aRun('run-1', { input: { path: '/a.png' }, steps: [{ step: 'resize', action: 'img.resize' }] });
  const holding = [
    workerRegistered('w-1', { actions: ['img.resize'] }),
    workerRegistered('w-2', { actions: ['img.resize'] }),
    runStarted(run),
    stepAssigned(run, 0, 'w-1', { candidates: ['w-1', 'w-2'] }),
  ];

  // architecture.md, "Assignment": "A worker is available while its heartbeats
  // arrive; when they stop, its unfinished steps are reassigned." The run's progress
  // reassigns the step as attempt 2 to a live worker.
  it('reassigns, as attempt 2, a step whose worker became unavailable', () => {
    given(holding, workerBecameUnavailable('w-1'))
      .when(progressOf('run-1'), { draws: [0] })
      .then([
        {
          type: 'step.assigned',
          payload: expect.objectContaining({ stepRunId: 'run-1.s0', attempt: 2, workerId: 'w-2', candidates: ['w-2'] }),
        },
      ]);
  });

  // same rule, for a worker that deregistered while holding a step: it can never
  // come back (the registry refuses its heartbeats), so without reassignment the run never ends.
  it('reassigns, as attempt 2, a step whose worker deregistered', () => {
    given(holding, workerDeregistered('w-1'))
      .when(progressOf('run-1'), { draws: [0] })
      .then([
        {
          type: 'step.assigned',
          payload: expect.objectContaining({ stepRunId: 'run-1.s0', attempt: 2, workerId: 'w-2' }),
        },
      ]);
  });

  // queued steps should leave the queue first in, first out, so a step that
  // never waited queues behind them even when a report just freed a slot.
  it("does not let a run's next step overtake a step already waiting in the queue for the same action", () => {
    const long = aRun('run-long', {
      steps: [
        { step: 'resize-1', action: 'img.resize' },
        { step: 'resize-2', action: 'img.resize' },
      ],
    });
    const waiting = aRun('run-waiting', { steps: [{ step: 'resize', action: 'img.resize' }] });
    given(
      workerRegistered('w-1', { actions: ['img.resize'] }),
      runStarted(long),
      stepAssigned(long, 0, 'w-1'),
      runStarted(waiting),
      stepQueued(waiting, 0),
      stepCompleted(long, 0, 'w-1', null),
    )
      .when(progressOf('run-long'))
      .then([{ type: 'step.queued', payload: expect.objectContaining({ stepRunId: 'run-long.s1' }) }]);
  });

  // event.pushed records the routed run with the workflow
  // version of the moment of the push, and decideStartRuns starts it with that version. If the dispatcher stops between appending
  // event.pushed and run.started and the workflow is put again meanwhile, the reconciled run still
  // runs version 1's steps, as its event says.
  it('starts a routed run with the workflow version its routing recorded', () => {
    const runId = deterministicId('e-1', 'thumbnails');
    given(
      workflowPut('thumbnails', {
        eventKeys: ['image.uploaded'],
        version: 1,
        steps: [{ name: 'resize', action: 'img.resize' }],
      }),
      eventPushed('e-1', { key: 'image.uploaded', runs: [{ runId, workflow: 'thumbnails', workflowVersion: 1 }] }),
      workflowPut('thumbnails', {
        eventKeys: ['image.uploaded'],
        version: 2,
        steps: [{ name: 'crop', action: 'img.crop' }],
      }),
    )
      .when(startRunsOf('e-1'))
      .then([{ type: 'run.started', payload: expect.objectContaining({ runId, workflowVersion: 1 }) }]);
  });

  // evolve forgets an idle worker on worker.deregistered and
  // a busy one as soon as its last step finished.
  it('forgets a deregistered worker once its last step finished', () => {
    const { state } = given(holding, workerDeregistered('w-1'), stepCompleted(run, 0, 'w-1', null));
    expect(state.workers.has('w-1')).toBe(false);
  });
});
