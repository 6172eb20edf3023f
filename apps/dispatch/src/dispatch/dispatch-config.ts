/** Injection token for the dispatcher's settings (tests inject their own). */
export const DISPATCH_CONFIG = Symbol('DISPATCH_CONFIG');

export interface DispatchConfig {
  /** How many times a step may be taken from a lost worker and assigned again before it fails. */
  maxReassignments: number;
  /** How long a step may wait for a worker unless it sets its own `timeouts.scheduleMs`; absent: no limit. */
  scheduleTimeoutMs?: number;
  /** How long an attempt may run unless its step sets its own `timeouts.executionMs`; absent: no limit. */
  executionTimeoutMs?: number;
  /** How often the dispatcher looks for what is due (timeouts, retries); absent: DEFAULT_TICK_MS. */
  tickMs?: number;
}

export const DEFAULT_MAX_REASSIGNMENTS = 3;
export const DEFAULT_SCHEDULE_TIMEOUT_MS = 300_000;
export const DEFAULT_EXECUTION_TIMEOUT_MS = 60_000;
export const DEFAULT_TICK_MS = 250;

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, what: string): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be ${what}, not "${raw}"`);
  return value;
}

/**
 * WHARF_MAX_REASSIGNMENTS (default 3; 0 fails a step the first time its worker is lost),
 * WHARF_SCHEDULE_TIMEOUT_MS (default 300000), WHARF_EXECUTION_TIMEOUT_MS (default 60000),
 * WHARF_DISPATCH_TICK_MS (default 250).
 */
export function dispatchConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DispatchConfig {
  return {
    maxReassignments: wholeNumber(
      env,
      'WHARF_MAX_REASSIGNMENTS',
      DEFAULT_MAX_REASSIGNMENTS,
      0,
      'a whole number of reassignments (0 or more)',
    ),
    scheduleTimeoutMs: wholeNumber(
      env,
      'WHARF_SCHEDULE_TIMEOUT_MS',
      DEFAULT_SCHEDULE_TIMEOUT_MS,
      1,
      'a whole number of milliseconds (1 or more)',
    ),
    executionTimeoutMs: wholeNumber(
      env,
      'WHARF_EXECUTION_TIMEOUT_MS',
      DEFAULT_EXECUTION_TIMEOUT_MS,
      1,
      'a whole number of milliseconds (1 or more)',
    ),
    tickMs: wholeNumber(
      env,
      'WHARF_DISPATCH_TICK_MS',
      DEFAULT_TICK_MS,
      10,
      'a whole number of milliseconds (10 or more)',
    ),
  };
}
