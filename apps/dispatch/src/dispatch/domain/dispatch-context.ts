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
}
