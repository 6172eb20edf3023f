import { isoDateTimeInstant } from '@wharf/names';
import { NEVER_EXPIRES, WharfInputError } from '@wharf/sdk';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

const DURATION = /^(\d{1,6})([dh])$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const EXPIRY_RULE =
  'must be "never", a duration such as 90d or 12h, or a date such as 2030-01-31 or 2030-01-31T12:00:00Z';

function refuse(rule: string): never {
  throw new WharfInputError('expires', rule);
}

/** The instant `value` names: a duration from `now`, a bare date's midnight UTC, or a date-time. */
function instantOf(value: string, now: Date): number {
  const duration = DURATION.exec(value);
  if (duration) {
    const amount = Number(duration[1]);
    if (amount < 1) refuse('a duration must be at least 1d or 1h');
    return now.getTime() + amount * (duration[2] === 'd' ? DAY_MS : HOUR_MS);
  }
  const instant = isoDateTimeInstant(DATE.test(value) ? `${value}T00:00:00Z` : value);
  return instant ?? refuse(EXPIRY_RULE);
}

/**
 * Reads `--expires` into what the tenant service takes: `never`, or an ISO date-time in the future.
 * Durations count from `now` in whole days (`90d`) or hours (`12h`); a bare date means its
 * midnight UTC; a date-time must name its time zone, so the instant never depends on the machine.
 */
export function parseExpiry(text: string, now: Date): string {
  const value = text.trim();
  if (value === NEVER_EXPIRES) return NEVER_EXPIRES;
  const at = new Date(instantOf(value, now));
  if (at.getTime() <= now.getTime()) refuse(`must be in the future (${at.toISOString()} is not)`);
  return at.toISOString();
}
