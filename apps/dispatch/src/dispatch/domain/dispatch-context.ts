/** What a decision may use besides state and command: the clock and the uniform random draw. */
export interface DispatchContext {
  now: Date;
  /** Uniform in [0, 1). */
  random(): number;
  /**
   * How many times a step may be taken from a lost worker and assigned again before it fails
   * (WHARF_MAX_REASSIGNMENTS); absent: no limit.
   */
  maxReassignments?: number;
  /** Default schedule timeout of a step (WHARF_SCHEDULE_TIMEOUT_MS); absent: none, unless the step sets one. */
  scheduleTimeoutMs?: number;
  /** Default execution timeout of an attempt (WHARF_EXECUTION_TIMEOUT_MS); absent: none, unless the step sets one. */
  executionTimeoutMs?: number;
}
