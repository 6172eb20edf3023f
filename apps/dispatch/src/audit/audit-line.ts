import { AssignmentStrategy, Provenance } from '@wharf/events';

/** What an audit line records; one stream event gives one line (a reassignment gives two). */
export type AuditLineKind =
  | 'event'
  | 'run'
  | 'queued'
  | 'assignment'
  | 'reassigned'
  | 'started'
  | 'completed'
  | 'failed'
  | 'timed-out'
  | 'released'
  | 'retry'
  | 'refusal'
  | 'run-completed'
  | 'run-failed'
  | 'run-cancelled';

/** How a run ended (or that it has not), and `unmatched` for an event no workflow matched. */
export type AuditOutcome = 'completed' | 'failed' | 'cancelled' | 'running' | 'unmatched';
export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['completed', 'failed', 'cancelled', 'running', 'unmatched'];

/**
 * One line of the dispatch audit. `seq` is the stream sequence of the event the line was read
 * from: anyone can fetch that message and check the line. `eventSeq` is the sequence of the pushed
 * event the line belongs to; the report is ordered by (eventSeq, seq). Fields that do not apply to
 * a kind are absent (never null), so a line reads the same from the read model and the stream.
 */
export interface AuditLine {
  seq: number;
  eventSeq: number;
  kind: AuditLineKind;
  at: string;
  namespace: string;
  /** Null only on a line about a run no longer open when its event came (a late, refused report). */
  eventId: string | null;
  eventKey: string | null;
  runId?: string;
  workflow?: string;
  workflowVersion?: number;
  step?: string;
  stepRunId?: string;
  attempt?: number;
  workerId?: string;
  workerName?: string;
  workerLabels?: Record<string, string>;
  strategy?: AssignmentStrategy;
  /** How many workers qualified when the step was assigned. */
  candidates?: number;
  /** On `event` (`unmatched`) and on the run's last line. */
  outcome?: AuditOutcome;
  /**
   * `assignment`: how long the step waited queued (absent when it never queued); `started`: from
   * assignment to start; attempt ends (`completed`, `failed`, `timed-out`, `released`,
   * `reassigned`): from assignment; `retry`: the backoff; `run-*`: from the run's start.
   */
  durationMs?: number;
  detail?: string;
  /** Who caused it: the token id that pushed the event or cancelled the run. */
  actor?: string;
  /** Where a replayed or re-pushed event came from. */
  provenance?: Provenance;
}
