import { ReplaySelection } from '@wharf/events';
import { ReplayState } from './domain/replay-state';

/**
 * A replay as the API answers it. `interrupted`: recorded as started but run by no process (the
 * dispatch instance running it stopped): asking for the same replay again resumes it.
 */
export interface ReplayView {
  replayId: string;
  from: string;
  to: string;
  selection: ReplaySelection;
  status: 'running' | 'completed' | 'failed' | 'interrupted';
  createdTarget: boolean;
  /** Selected events in the whole range; null while not counted yet. */
  selected: number | null;
  replayed: number;
  skipped: number;
  workflows: number;
  /** Every selected source event up to this source sequence is in the target. */
  throughSeq: number;
  /** The source's last sequence when the replay started: the end of its range. */
  untilSeq: number;
  startedBy: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  /** Events per second: of the whole replay once completed, of the current run while running. */
  rate: number | null;
  /** Why it failed; null otherwise. */
  reason: string | null;
}

export function replayViewOf(state: ReplayState, selected: number | null): ReplayView {
  const settled = state.replayed + state.skipped;
  const finished = state.status === 'completed';
  return {
    replayId: state.replayId,
    from: state.from,
    to: state.to,
    selection: state.selection,
    status: state.status === 'absent' ? 'running' : state.status,
    createdTarget: state.createdTarget,
    selected: finished ? settled : selected,
    replayed: state.replayed,
    skipped: state.skipped,
    workflows: state.workflows,
    throughSeq: state.throughSeq,
    untilSeq: state.untilSeq,
    startedBy: state.actor,
    startedAt: state.startedAt,
    finishedAt: state.finishedAt,
    durationMs: state.durationMs,
    rate: finished && state.durationMs ? Math.round((settled * 1000) / Math.max(1, state.durationMs)) : null,
    reason: state.reason,
  };
}
