import { isoDateTimeInstant } from '@wharf/names';

/**
 * When a token stops working. Clients send an ISO 8601 date-time with a time zone, or the literal
 * "never"; without either a token expires after DEFAULT_TOKEN_LIFETIME_MS, so an eternal token is
 * always a deliberate choice.
 */
export const NEVER_EXPIRES = 'never';
export const DEFAULT_TOKEN_LIFETIME_DAYS = 90;
export const DEFAULT_TOKEN_LIFETIME_MS = DEFAULT_TOKEN_LIFETIME_DAYS * 24 * 60 * 60 * 1000;

/** The broken rule as a sentence, or null when `value` is a valid expiry at time `now` (ms). */
export function tokenExpiryViolation(value: unknown, now: number): string | null {
  if (value === NEVER_EXPIRES) return null;
  const instant = typeof value === 'string' ? isoDateTimeInstant(value) : null;
  if (instant === null) {
    return `must be an ISO 8601 date-time with a time zone (e.g. 2030-01-31T12:00:00Z) or "${NEVER_EXPIRES}"`;
  }
  if (instant <= now) return 'must be in the future';
  return null;
}

/**
 * The expiry to record: the given time in canonical form (UTC, milliseconds), null for "never",
 * or `now` plus the default lifetime when the client gave none. A value that is no date-time is
 * passed on unchanged, for the token decider to refuse.
 */
export function resolveTokenExpiry(value: string | undefined, now: number): string | null {
  if (value === undefined) return new Date(now + DEFAULT_TOKEN_LIFETIME_MS).toISOString();
  if (value === NEVER_EXPIRES) return null;
  const instant = isoDateTimeInstant(value);
  return instant === null ? value : new Date(instant).toISOString();
}
