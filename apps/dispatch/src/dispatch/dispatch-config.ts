/** Injection token for the dispatcher's settings (tests inject their own). */
export const DISPATCH_CONFIG = Symbol('DISPATCH_CONFIG');

export interface DispatchConfig {
  /** How many times a step may be taken from a lost worker and assigned again before it fails. */
  maxReassignments: number;
}

export const DEFAULT_MAX_REASSIGNMENTS = 3;

/** WHARF_MAX_REASSIGNMENTS (default 3; 0 fails a step the first time its worker is lost). */
export function dispatchConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DispatchConfig {
  const raw = env.WHARF_MAX_REASSIGNMENTS;
  if (raw === undefined || raw === '') return { maxReassignments: DEFAULT_MAX_REASSIGNMENTS };
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`WHARF_MAX_REASSIGNMENTS must be a whole number of reassignments (0 or more), not "${raw}"`);
  return { maxReassignments: value };
}
