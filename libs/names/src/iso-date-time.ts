const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * The instant an ISO 8601 date-time with a time zone names (`2030-01-31T12:00:00Z`,
 * `2030-01-31T13:00+01:00`), or null when `value` is not one. One rule for the HTTP API, the SDK
 * and the CLI. A date-time without a time zone is refused (its instant would depend on where the
 * client runs), and so is a day the month does not have, which Date.parse would roll over into
 * the next month.
 */
export function isoDateTimeInstant(value: string): number | null {
  const match = ISO_DATE_TIME.exec(value);
  if (match === null) return null;
  // Seconds and the offset may be left out: they count as 0.
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = match
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part)));
  const calendar = new Date(Date.UTC(year, month - 1, day));
  const realDay =
    calendar.getUTCFullYear() === year && calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day;
  if (!realDay || hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return null;
  const instant = Date.parse(value);
  return Number.isNaN(instant) ? null : instant;
}
