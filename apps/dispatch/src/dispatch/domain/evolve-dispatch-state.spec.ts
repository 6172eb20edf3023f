import { newEvent } from '@wharf/events';
import { emptyDispatchState, scopeKey } from './dispatch-state';
import { evolveDispatchState } from './evolve-dispatch-state';
import {
  aRun,
  eventPushed,
  fold,
  given,
  runStarted,
  stepAssigned,
  stepCompleted,
  stepQueued,
  workerBecameAvailable,
  workerBecameUnavailable,
  workerDeregistered,
  workerRegistered,
  workflowPut,
} from './testing/given';

const run = aRun('run-1', { steps: [{ step: 'resize', action: 'img.resize' }] });

describe('evolving the dispatch state', () => {
  it('folds in place and returns the same state', () => {
    const state = emptyDispatchState();
    expect(evolveDispatchState(state, workerRegistered('w-1', { actions: ['img.resize'] }))).toBe(state);
  });

  it('knows a registered worker as available, with no step in hand, in the scope of its event', () => {
    const state = given(
      workerRegistered('w-1', { namespace: 'media', actions: ['img.resize', 'img.crop'], maxRuns: 3 }),
    ).state;
    expect(state.workers.get('w-1')).toEqual({
      workerId: 'w-1',
      tenant: 'acme',
      namespace: 'media',
      name: 'w-1',
      actions: new Set(['img.resize', 'img.crop']),
      maxRuns: 3,
      labels: {},
      available: true,
      deregistered: false,
      active: new Set(),
    });
  });

  it('follows a worker becoming unavailable and available again', () => {
    const registered = workerRegistered('w-1', { actions: ['img.resize'] });
    expect(given(registered, workerBecameUnavailable('w-1')).state.workers.get('w-1')?.available).toBe(false);
    expect(
      given(registered, workerBecameUnavailable('w-1'), workerBecameAvailable('w-1')).state.workers.get('w-1')
        ?.available,
    ).toBe(true);
  });

  it('forgets an idle worker once it deregisters', () => {
    expect(
      given(workerRegistered('w-1', { actions: ['img.resize'] }), workerDeregistered('w-1')).state.workers.has('w-1'),
    ).toBe(false);
  });

  it('keeps a busy deregistered worker, unavailable, so its step can still finish', () => {
    const state = given(
      workerRegistered('w-1', { actions: ['img.resize'] }),
      runStarted(run),
      stepAssigned(run, 0, 'w-1'),
      workerDeregistered('w-1'),
    ).state;
    expect(state.workers.get('w-1')).toMatchObject({ available: false, active: new Set(['run-1.s0']) });
  });

  it('indexes a workflow under each of its event keys, in its scope', () => {
    const state = given(
      workflowPut('thumbnails', { namespace: 'media', eventKeys: ['image.uploaded', 'image.resized'] }),
    ).state;
    expect(state.triggers.get(scopeKey('acme', 'media', 'image.uploaded'))).toEqual(new Set(['acme/media/thumbnails']));
    expect(state.triggers.get(scopeKey('acme', 'media', 'image.resized'))).toEqual(new Set(['acme/media/thumbnails']));
    expect(state.workflows.get('acme/media/thumbnails')).toMatchObject({ name: 'thumbnails', version: 1 });
  });

  it('remembers a pushed event whose routing named runs until every one of them started', () => {
    const other = aRun('run-2', { eventId: 'e-1', steps: [{ step: 'notify', action: 'mail.send' }] });
    const first = aRun('run-1', { eventId: 'e-1', steps: [{ step: 'resize', action: 'img.resize' }] });
    const pushed = eventPushed('e-1', {
      key: 'image.uploaded',
      runs: [
        { runId: 'run-1', workflow: 'thumbnails', workflowVersion: 1 },
        { runId: 'run-2', workflow: 'audit', workflowVersion: 1 },
      ],
    });
    expect(
      given(pushed)
        .state.pendingRoutes.get('e-1')
        ?.runs.map((r) => r.runId),
    ).toEqual(['run-1', 'run-2']);
    expect(
      given(pushed, runStarted(first))
        .state.pendingRoutes.get('e-1')
        ?.runs.map((r) => r.runId),
    ).toEqual(['run-2']);
    expect(given(pushed, runStarted(first), runStarted(other)).state.pendingRoutes.has('e-1')).toBe(false);
  });

  it("queues a step taken back from a lost worker, freeing that worker's slot", () => {
    const state = given(
      workerRegistered('w-1', { actions: ['img.resize'] }),
      runStarted(run),
      stepAssigned(run, 0, 'w-1'),
      workerBecameUnavailable('w-1'),
      stepQueued(run, 0),
    ).state;
    expect(state.stepRuns.get('run-1.s0')).toMatchObject({ status: 'queued', workerId: null, attempt: 1 });
    expect(state.workers.get('w-1')?.active.size).toBe(0);
    expect(state.queues.size).toBe(1);
  });

  it('never queues a finished step', () => {
    const state = given(
      workerRegistered('w-1', { actions: ['img.resize'] }),
      runStarted(run),
      stepAssigned(run, 0, 'w-1'),
      stepCompleted(run, 0, 'w-1', null),
      stepQueued(run, 0),
    ).state;
    expect(state.stepRuns.get('run-1.s0')?.status).toBe('completed');
    expect(state.queues.size).toBe(0);
  });

  it('ignores step events of a run it does not know (a finished run left the state)', () => {
    const state = fold([stepAssigned(run, 0, 'w-1'), stepCompleted(run, 0, 'w-1', null)]);
    expect(state.stepRuns.size).toBe(0);
    expect(state.runs.size).toBe(0);
  });

  it('ignores events that do not bear on dispatching', () => {
    const state = fold([
      newEvent({
        type: 'tenant.created',
        tenant: '_',
        namespace: '_',
        aggregate: { type: 'tenant', id: 'acme' },
        actor: 'operator',
        payload: { slug: 'acme', name: 'Acme', purpose: 'staging' },
      }),
      newEvent({
        type: 'token.revoked',
        tenant: 'acme',
        namespace: '_',
        aggregate: { type: 'token', id: 't-1' },
        actor: 'operator',
        payload: { tokenId: 't-1' },
      }),
    ]);
    expect(state).toEqual(emptyDispatchState());
  });
});
