export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

/** Reconnecting the assignment stream: 100 ms doubling up to 5 s. */
export const RECONNECT_BACKOFF: BackoffPolicy = { initialMs: 100, maxMs: 5_000 };

/** Re-sending a report the server did not accept: same shape, so an outage is waited out, not hammered. */
export const REPORT_BACKOFF: BackoffPolicy = { initialMs: 100, maxMs: 5_000 };

/** Delay before retry number `failures` (0-based): `initialMs * 2^failures`, capped at `maxMs`. */
export function backoffDelay(failures: number, policy: BackoffPolicy): number {
  if (failures <= 0) return policy.initialMs;
  // Cap the exponent too, so a long outage never overflows to Infinity.
  return Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(failures, 30));
}
