import { EventEnvelope, ReplaySelection } from '@wharf/events';

export type ReplayStatus = 'absent' | 'running' | 'completed' | 'failed';

/** A replay as its own events tell it (`wharf.<to>._.replay.<replayId>`). */
export interface ReplayState {
  status: ReplayStatus;
  replayId: string;
  from: string;
  to: string;
  selection: ReplaySelection;
  createdTarget: boolean;
  /** Who started it (token id). */
  actor: string;
  /** The source's last sequence when it started: nothing after it is replayed. */
  untilSeq: number;
  /** Every selected source event up to here is in the target (the last checkpoint). */
  throughSeq: number;
  replayed: number;
  skipped: number;
  workflows: number;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  reason: string | null;
}

export const absentReplay: ReplayState = {
  status: 'absent',
  replayId: '',
  from: '',
  to: '',
  selection: { withWorkflows: false },
  createdTarget: false,
  actor: '',
  untilSeq: 0,
  throughSeq: 0,
  replayed: 0,
  skipped: 0,
  workflows: 0,
  startedAt: null,
  finishedAt: null,
  durationMs: null,
  reason: null,
};

export type ReplayEvent = EventEnvelope<'replay.started' | 'replay.progressed' | 'replay.completed' | 'replay.failed'>;

export function evolveReplay(state: ReplayState, event: ReplayEvent): ReplayState {
  switch (event.type) {
    case 'replay.started': {
      const p = (event as EventEnvelope<'replay.started'>).payload;
      return {
        ...absentReplay,
        status: 'running',
        replayId: p.replayId,
        from: p.from,
        to: p.to,
        selection: p.selection,
        createdTarget: p.createdTarget,
        actor: event.actor,
        untilSeq: p.untilSeq,
        startedAt: event.occurredAt,
      };
    }
    case 'replay.progressed': {
      const p = (event as EventEnvelope<'replay.progressed'>).payload;
      // A failed replay that is resumed reports progress again: it runs again.
      return { ...state, status: 'running', reason: null, ...counters(p) };
    }
    case 'replay.completed': {
      const p = (event as EventEnvelope<'replay.completed'>).payload;
      return { ...state, status: 'completed', ...counters(p), finishedAt: event.occurredAt, durationMs: p.durationMs };
    }
    case 'replay.failed': {
      const p = (event as EventEnvelope<'replay.failed'>).payload;
      return { ...state, status: 'failed', throughSeq: p.throughSeq, reason: p.reason, finishedAt: event.occurredAt };
    }
    default:
      return state;
  }
}

function counters(p: { throughSeq: number; replayed: number; skipped: number; workflows: number }) {
  return { throughSeq: p.throughSeq, replayed: p.replayed, skipped: p.skipped, workflows: p.workflows };
}

export function foldReplay(events: readonly ReplayEvent[]): ReplayState {
  return events.reduce(evolveReplay, absentReplay);
}

export interface StartReplay {
  replayId: string;
  from: string;
  to: string;
  selection: ReplaySelection;
  createdTarget: boolean;
  /** The source's last sequence now. */
  untilSeq: number;
}

/**
 * What asking for a replay does, given what its events tell:
 * - `start`: never started — record `replay.started` and copy from the source's first event;
 * - `resume`: started (or failed) and not completed — go on after the last checkpoint, up to the
 *   sequence recorded at the start (the range never grows), with the counts so far;
 * - `done`: completed — nothing to do, the recorded result is the answer.
 */
export type ReplayDecision =
  | { kind: 'start'; started: EventEnvelope<'replay.started'>['payload'] }
  | { kind: 'resume'; fromSeq: number; untilSeq: number }
  | { kind: 'done' };

export function decideReplayStart(state: ReplayState, command: StartReplay): ReplayDecision {
  switch (state.status) {
    case 'absent':
      return {
        kind: 'start',
        started: {
          replayId: command.replayId,
          from: command.from,
          to: command.to,
          selection: command.selection,
          createdTarget: command.createdTarget,
          untilSeq: command.untilSeq,
        },
      };
    case 'completed':
      return { kind: 'done' };
    case 'running':
    case 'failed':
      return { kind: 'resume', fromSeq: state.throughSeq + 1, untilSeq: state.untilSeq };
  }
}
