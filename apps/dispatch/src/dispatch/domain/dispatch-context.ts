/** What a decision may use besides state and command: the clock and the uniform random draw. */
export interface DispatchContext {
  now: Date;
  /** Uniform in [0, 1). */
  random(): number;
}
