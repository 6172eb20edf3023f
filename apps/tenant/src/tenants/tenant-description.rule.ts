/**
 * A tenant's description is free text for people: a sentence or a few paragraphs on what the
 * environment is for. Line breaks and tabs are kept (it may be several lines), but characters that
 * move the cursor or reorder text are refused, as in display names, because terminals show it.
 */
export const TENANT_DESCRIPTION_MAX_LENGTH = 1000;

// Tabs and line breaks (LF or CRLF) are allowed; a lone CR, which rewrites the terminal line, is not.
const ALLOWED_CONTROLS = /\r\n|[\t\n]/g;
// Every other control character (C0, C1), line/paragraph separators, lone surrogates and the
// bidirectional overrides/isolates used to disguise text.
const UNPRINTABLE = /[\p{Cc}\p{Zl}\p{Zp}\p{Cs}\u202A-\u202E\u2066-\u2069]/u;

/** The broken rule as a sentence, or null when `value` is a valid description (empty = none). */
export function tenantDescriptionViolation(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if ([...value].length > TENANT_DESCRIPTION_MAX_LENGTH) {
    return `must be at most ${TENANT_DESCRIPTION_MAX_LENGTH} characters`;
  }
  if (UNPRINTABLE.test(value.replace(ALLOWED_CONTROLS, ''))) {
    return 'may contain only printable characters, line breaks and tabs (no other control or bidi-override characters)';
  }
  return null;
}
