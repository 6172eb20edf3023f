import { ReplaySelection } from '@wharf/events';
import { deterministicId } from '../../dispatch/domain/deterministic-id';
import { canonicalSelection } from './replay-selection';

/** The same replay (source, target, selection) always has the same id: asking again finds it. */
export function replayIdOf(from: string, to: string, selection: ReplaySelection): string {
  return deterministicId('replay', from, to, JSON.stringify(canonicalSelection(selection)));
}

/**
 * The id of a source event's copy in the target. It depends on the event, not on the replay, so
 * two replays that select the same event store it once.
 */
export function replayedEventId(to: string, from: string, sourceEventId: string): string {
  return deterministicId('replayed', to, from, sourceEventId);
}
