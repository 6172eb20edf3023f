/**
 * A tenant's display name is free text for people (any script, spaces, punctuation), unlike its
 * slug. It never becomes a subject token, but it is shown in terminals and dashboards, so
 * characters that move the cursor, break lines or reorder text are refused.
 */
export const TENANT_NAME_MAX_LENGTH = 100;

// Control characters (C0, C1, including tab and newline), line/paragraph separators, lone
// surrogates and the bidirectional overrides/isolates used to disguise text.
const UNPRINTABLE = /[\p{Cc}\p{Zl}\p{Zp}\p{Cs}\u202A-\u202E\u2066-\u2069]/u;

/** The broken rule as a sentence, or null when `value` is a valid tenant display name. */
export function tenantNameViolation(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string';
  const length = [...value].length;
  if (length === 0) return 'must not be empty';
  if (length > TENANT_NAME_MAX_LENGTH) return `must be at most ${TENANT_NAME_MAX_LENGTH} characters`;
  if (UNPRINTABLE.test(value))
    return 'may contain only printable characters (no control, line-break or bidi-override characters)';
  if (value.trim().length === 0) return 'must contain at least one visible character';
  return null;
}
