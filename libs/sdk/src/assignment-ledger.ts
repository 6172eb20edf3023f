import { Assignment, assignmentKey } from './assignment';

/** What the worker does with an assignment that arrives on the stream. */
export type Admission = 'run' | 'already-running' | 'already-finished';

export const DEFAULT_FINISHED_MEMORY = 10_000;

/**
 * Remembers which (stepRunId, attempt) pairs this worker has taken, so the resend of every
 * unfinished assignment after a reconnect never runs a step twice. Running entries are kept until
 * their handler and reports are done; finished ones only for the last `finishedMemory` steps,
 * because the server stops resending a step once it recorded the outcome we reported — the memory
 * only has to cover the short window in which that record is still on its way.
 * No I/O: the worker runtime drives it.
 */
export class AssignmentLedger {
  private readonly running = new Set<string>();
  private readonly finished = new Set<string>();

  constructor(private readonly finishedMemory: number = DEFAULT_FINISHED_MEMORY) {
    if (!Number.isInteger(finishedMemory) || finishedMemory < 1)
      throw new Error('finishedMemory must be a positive integer');
  }

  /** Decides and records: only the first arrival of a pair is `run`; every repeat is ignored. */
  admit(assignment: Pick<Assignment, 'stepRunId' | 'attempt'>): Admission {
    const key = assignmentKey(assignment);
    if (this.running.has(key)) return 'already-running';
    if (this.finished.has(key)) return 'already-finished';
    this.running.add(key);
    return 'run';
  }

  /** The pair's handler and reports are done (or abandoned); later repeats are `already-finished`. */
  finish(assignment: Pick<Assignment, 'stepRunId' | 'attempt'>): void {
    const key = assignmentKey(assignment);
    if (!this.running.delete(key)) return;
    this.finished.add(key);
    // A Set iterates in insertion order, so the first key is the oldest finished one.
    if (this.finished.size > this.finishedMemory) this.finished.delete(this.finished.values().next().value as string);
  }

  get runningCount(): number {
    return this.running.size;
  }
}
