import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Token strings look like `wharf_<16 hex id>_<43 base64url secret>`: the prefix lets secret
 * scanners find leaked tokens, the id finds the stored hash without revealing anything, and the
 * secret carries 256 bits of entropy. Only the SHA-256 of the whole string is ever stored.
 */
export const TOKEN_PREFIX = 'wharf_';
const TOKEN_SHAPE = /^wharf_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface IssuedToken {
  tokenId: string;
  token: string;
  hash: string;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function issueToken(): IssuedToken {
  const tokenId = randomBytes(8).toString('hex');
  const token = `${TOKEN_PREFIX}${tokenId}_${randomBytes(32).toString('base64url')}`;
  return { tokenId, token, hash: hashToken(token) };
}

/** The token's id, or null when the string does not have a token's shape. */
export function tokenIdOf(token: string): string | null {
  const match = TOKEN_SHAPE.exec(token);
  return match ? match[1] : null;
}

/** Compares the presented token with a stored hash in constant time. */
export function tokenMatchesHash(token: string, storedHash: string): boolean {
  const presented = Buffer.from(hashToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
