import { newEvent, ReplaySelection } from '@wharf/events';
import { decideReplayStart, foldReplay, ReplayEvent, StartReplay } from './replay-state';

const selection: ReplaySelection = { withWorkflows: true, namespaceMap: { prod: 'copy' } };
const command: StartReplay = { replayId: 'r-1', from: 'src', to: 'dst', selection, createdTarget: true, untilSeq: 500 };
const at = { tenant: 'dst', namespace: '_', aggregate: { type: 'replay' as const, id: 'r-1' }, actor: 'tok-1' };

const started = newEvent({
  ...at,
  type: 'replay.started',
  occurredAt: new Date('2030-01-01T00:00:00Z'),
  payload: { replayId: 'r-1', from: 'src', to: 'dst', selection, createdTarget: true, untilSeq: 400 },
});
const progressed = newEvent({
  ...at,
  type: 'replay.progressed',
  payload: { replayId: 'r-1', throughSeq: 250, replayed: 120, skipped: 0, workflows: 2 },
});
const completed = newEvent({
  ...at,
  type: 'replay.completed',
  occurredAt: new Date('2030-01-01T00:00:02Z'),
  payload: { replayId: 'r-1', throughSeq: 400, replayed: 180, skipped: 20, workflows: 2, durationMs: 2_000 },
});
const failed = newEvent({
  ...at,
  type: 'replay.failed',
  payload: { replayId: 'r-1', throughSeq: 250, reason: 'the stream refused an append' },
});

const given = (...events: ReplayEvent[]) => ({ when: (c: StartReplay) => decideReplayStart(foldReplay(events), c) });

describe('asking for a replay', () => {
  it('never asked before: records the start with the source range as it is now', () => {
    expect(given().when(command)).toEqual({
      kind: 'start',
      started: { replayId: 'r-1', from: 'src', to: 'dst', selection, createdTarget: true, untilSeq: 500 },
    });
  });

  it('started and killed before any checkpoint: resumes from the first sequence, up to the range recorded at the start', () => {
    expect(given(started).when(command)).toEqual({ kind: 'resume', fromSeq: 1, untilSeq: 400 });
  });

  it('started and killed after a checkpoint: resumes after the checkpoint', () => {
    expect(given(started, progressed).when(command)).toEqual({ kind: 'resume', fromSeq: 251, untilSeq: 400 });
  });

  it('failed: resumes after the last checkpoint', () => {
    expect(given(started, progressed, failed).when(command)).toEqual({ kind: 'resume', fromSeq: 251, untilSeq: 400 });
  });

  it('completed: there is nothing to do', () => {
    expect(given(started, progressed, completed).when(command)).toEqual({ kind: 'done' });
  });
});

describe('a replay as its events tell it', () => {
  it('is running from its start, with the counts of its last checkpoint', () => {
    expect(foldReplay([started, progressed])).toMatchObject({
      status: 'running',
      actor: 'tok-1',
      throughSeq: 250,
      replayed: 120,
      workflows: 2,
      untilSeq: 400,
      startedAt: '2030-01-01T00:00:00.000Z',
    });
  });

  it('is completed with its final counts and duration', () => {
    expect(foldReplay([started, progressed, completed])).toMatchObject({
      status: 'completed',
      throughSeq: 400,
      replayed: 180,
      skipped: 20,
      durationMs: 2_000,
      finishedAt: '2030-01-01T00:00:02.000Z',
    });
  });

  it('is failed with the reason, and running again once a resumed run checkpoints', () => {
    expect(foldReplay([started, failed])).toMatchObject({ status: 'failed', reason: 'the stream refused an append' });
    expect(foldReplay([started, failed, progressed])).toMatchObject({ status: 'running', reason: null });
  });
});
