import { deterministicId } from './deterministic-id';
import {
  aRun,
  given,
  NOW,
  report,
  runCompleted,
  runStarted,
  stepAssigned,
  stepCompleted,
  stepFailed,
  stepStarted,
  workerRegistered,
} from './testing/given';

const run = aRun('run-1', {
  steps: [
    { step: 'resize', action: 'img.resize' },
    { step: 'publish', action: 'cdn.put' },
  ],
});
const assigned = [workerRegistered('w-1', { actions: ['img.resize'] }), runStarted(run), stepAssigned(run, 0, 'w-1')];
const started = [...assigned, stepStarted(run, 0, 'w-1')];
const completed = [...started, stepCompleted(run, 0, 'w-1', { ok: true })];
const failed = [...started, stepFailed(run, 0, 'w-1', 'oom')];
const current = { runId: 'run-1', stepRunId: 'run-1.s0', attempt: 1, workerId: 'w-1' };

describe('a report on the current attempt', () => {
  it('records step.started', () => {
    const { state } = given(assigned)
      .when(report(run, 0, { outcome: 'started' }))
      .then([{ type: 'step.started', payload: current }]);
    expect(state.stepRuns.get('run-1.s0')?.status).toBe('started');
  });

  it('records step.completed with the output', () => {
    const { state } = given(started)
      .when(report(run, 0, { outcome: 'completed', output: { path: '/a-small.png' } }))
      .then([{ type: 'step.completed', payload: { ...current, output: { path: '/a-small.png' } } }]);
    expect(state.stepRuns.get('run-1.s0')).toMatchObject({ status: 'completed', output: { path: '/a-small.png' } });
    expect(state.workers.get('w-1')?.active.size).toBe(0);
  });

  it('records a missing output as null', () => {
    given(started)
      .when(report(run, 0, { outcome: 'completed', output: undefined }))
      .then([{ type: 'step.completed', payload: { ...current, output: null } }]);
  });

  it('records step.failed with the error', () => {
    const { state } = given(started)
      .when(report(run, 0, { outcome: 'failed', error: 'out of memory' }))
      .then([{ type: 'step.failed', payload: { ...current, error: 'out of memory' } }]);
    expect(state.stepRuns.get('run-1.s0')?.status).toBe('failed');
    expect(state.workers.get('w-1')?.active.size).toBe(0);
  });

  it.each([
    ['completed', { outcome: 'completed' as const, output: 1 }],
    ['failed', { outcome: 'failed' as const, error: 'boom' }],
  ])('records step.%s without a started report before it', (type, outcome) => {
    given(assigned)
      .when(report(run, 0, outcome))
      .then([{ type: `step.${type}` as 'step.completed' | 'step.failed', payload: expect.objectContaining(current) }]);
  });

  it('is recorded by the reporting token, under an id derived from the step run, outcome and attempt', () => {
    const { events } = given(started)
      .when(report(run, 0, { outcome: 'completed', output: 1 }, { actor: 'token-worker-7' }))
      .then([{ type: 'step.completed', payload: expect.anything() }]);
    expect(events[0]).toMatchObject({
      id: deterministicId('run-1.s0', 'completed', '1'),
      tenant: 'acme',
      namespace: 'default',
      aggregate: { type: 'run', id: 'run-1' },
      actor: 'token-worker-7',
      correlationId: run.eventId,
      occurredAt: NOW.toISOString(),
    });
  });
});

describe('a report repeated', () => {
  it.each([
    ['started, after started', started, { outcome: 'started' as const }],
    ['completed, after completed', completed, { outcome: 'completed' as const, output: { ok: true } }],
    ['completed with another output, after completed', completed, { outcome: 'completed' as const, output: 'other' }],
    ['failed, after failed', failed, { outcome: 'failed' as const, error: 'oom' }],
    ['started, arriving after completed', completed, { outcome: 'started' as const }],
    ['started, arriving after failed', failed, { outcome: 'started' as const }],
  ])('changes nothing: %s', (_case, history, outcome) => {
    given(history)
      .when(report(run, 0, outcome))
      .thenNothingHappened();
  });
});

describe('a report refused', () => {
  it.each([
    ['an earlier attempt', 0],
    ['a later attempt', 2],
  ])('with 409 when it is for %s than the current one', (_case, attempt) => {
    given(started)
      .when(report(run, 0, { outcome: 'completed', output: 1 }, { attempt }))
      .thenThrows(409, /attempt \d of step run "run-1\.s0" is not current \(current attempt: 1\)/);
  });

  it('with 409 when the step was never assigned', () => {
    given(assigned)
      .when(report(run, 1, { outcome: 'started' }, { attempt: 0 }))
      .thenThrows(409, /is not current/);
  });

  it('with 409 when it says completed after failed', () => {
    given(failed)
      .when(report(run, 0, { outcome: 'completed', output: 1 }))
      .thenThrows(409, /step run "run-1\.s0" already failed/);
  });

  it('with 409 when it says failed after completed', () => {
    given(completed)
      .when(report(run, 0, { outcome: 'failed', error: 'late' }))
      .thenThrows(409, /step run "run-1\.s0" already completed/);
  });

  it.each([
    ['of another tenant', { tenant: 'globex' }],
    ['of another namespace', { namespace: 'staging' }],
    ['unknown', { stepRunId: 'no-such-step' }],
  ])('with 404 when the step run is %s', (_case, command) => {
    given(started)
      .when(report(run, 0, { outcome: 'completed', output: 1 }, command))
      .thenThrows(404, /step run ".+" not found/);
  });

  it('with 404 (not 409) for a stale attempt of another tenant, so nothing leaks across tenants', () => {
    given(started)
      .when(report(run, 0, { outcome: 'completed', output: 1 }, { tenant: 'globex', attempt: 7 }))
      .thenThrows(404);
  });

  it('with 404 once the run finished and left the state (the read model answers instead)', () => {
    given(completed, runCompleted(run, null))
      .when(report(run, 0, { outcome: 'completed', output: { ok: true } }))
      .thenThrows(404);
  });
});
