import { randomInt } from 'node:crypto';
import { NAME_RULES } from '@wharf/names';

const SUFFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const SLUG_SUFFIX_LENGTH = 4;
/** What a name with nothing usable in it (e.g. only non-Latin letters) becomes. */
const FALLBACK_BASE = 'tenant';

/** A short random suffix that makes generated slugs unlikely to collide (36^4 ≈ 1.7 million). */
export function randomSlugSuffix(): string {
  let suffix = '';
  for (let i = 0; i < SLUG_SUFFIX_LENGTH; i += 1) suffix += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
  return suffix;
}

/**
 * `Acme Staging` + `4f7k` → `acme-staging-4f7k`: the name lower-cased, every run of characters
 * outside a-z0-9 turned into one `-`, trimmed of `-`, cut so that the result fits the tenant name
 * rule, then the suffix. Deterministic for a given suffix; always a valid tenant slug when the
 * suffix is made of a-z0-9.
 */
export function generateTenantSlug(name: string, suffix: string): string {
  const room = NAME_RULES.tenant.maxLength - suffix.length - 1;
  const base = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, room)
    .replace(/-+$/, '');
  return `${base || FALLBACK_BASE}-${suffix}`;
}
