import fc from 'fast-check';
import { hashToken, issueToken, TOKEN_PREFIX, tokenIdOf, tokenMatchesHash } from './token-secret';

/** Splits a token into its id and secret the way the documented shape reads. */
function partsOf(token: string): { id: string; secret: string } {
  const [prefix, id, ...rest] = token.split('_');
  expect(`${prefix}_`).toBe(TOKEN_PREFIX);
  return { id, secret: rest.join('_') };
}

describe('token secrets', () => {
  it('issues tokens with the wharf_ prefix that secret scanners look for', () => {
    expect(TOKEN_PREFIX).toBe('wharf_');
    for (let i = 0; i < 50; i++) expect(issueToken().token.startsWith('wharf_')).toBe(true);
  });

  it('puts the token id in the token and carries a 256-bit secret', () => {
    for (let i = 0; i < 200; i++) {
      const { token, tokenId } = issueToken();
      expect(tokenId).toMatch(/^[0-9a-f]{16}$/);
      expect(token.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + 16)).toBe(tokenId);
      const secret = token.slice(TOKEN_PREFIX.length + 17);
      expect(token.charAt(TOKEN_PREFIX.length + 16)).toBe('_');
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const bytes = Buffer.from(secret, 'base64url');
      expect(bytes).toHaveLength(32);
      expect(bytes.toString('base64url')).toBe(secret);
    }
  });

  it('issues a different id and secret every time', () => {
    const issued = Array.from({ length: 2_000 }, () => issueToken());
    expect(new Set(issued.map((t) => t.tokenId)).size).toBe(issued.length);
    expect(new Set(issued.map((t) => t.token)).size).toBe(issued.length);
    expect(new Set(issued.map((t) => t.token.slice(TOKEN_PREFIX.length + 17))).size).toBe(issued.length);
  });

  it('stores only a SHA-256 hex hash that never contains the secret', () => {
    const { token, hash } = issueToken();
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hashToken(token));
    expect(hash).not.toContain(partsOf(token).secret);
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('round-trips: an issued token matches its own hash, and tokenIdOf finds its id', () => {
    for (let i = 0; i < 100; i++) {
      const { token, tokenId, hash } = issueToken();
      expect(tokenIdOf(token)).toBe(tokenId);
      expect(tokenMatchesHash(token, hash)).toBe(true);
    }
  });

  it('does not match a different token, even one with the same id', () => {
    const a = issueToken();
    const b = issueToken();
    expect(tokenMatchesHash(b.token, a.hash)).toBe(false);
    expect(tokenMatchesHash(a.token, b.hash)).toBe(false);
    const forged = `${TOKEN_PREFIX}${a.tokenId}_${partsOf(b.token).secret}`;
    expect(tokenIdOf(forged)).toBe(a.tokenId);
    expect(tokenMatchesHash(forged, a.hash)).toBe(false);
  });

  it('never matches a token whose last character was changed', () => {
    const { token, hash } = issueToken();
    const last = token.charAt(token.length - 1);
    const tampered = token.slice(0, -1) + (last === 'A' ? 'B' : 'A');
    expect(tokenMatchesHash(tampered, hash)).toBe(false);
  });

  it.each([
    ['an empty stored hash', ''],
    ['a truncated stored hash', 'ab'.repeat(16)],
    ['a stored hash that is not hex', 'z'.repeat(64)],
  ])('is false against %s rather than throwing', (_label, storedHash) => {
    expect(tokenMatchesHash(issueToken().token, storedHash)).toBe(false);
  });

  describe('tokenIdOf rejects malformed strings', () => {
    const good = issueToken().token;
    const id = good.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + 16);
    const secret = good.slice(TOKEN_PREFIX.length + 17);

    it.each([
      ['an empty string', ''],
      ['the prefix alone', 'wharf_'],
      ['a missing prefix', `${id}_${secret}`],
      ['another prefix', `ghp_${id}_${secret}`],
      ['an upper-case prefix', `WHARF_${id}_${secret}`],
      ['an upper-case hex id', `wharf_${id.toUpperCase().replace(/^[0-9]/, 'A')}_${secret}`],
      ['a short id', `wharf_${id.slice(1)}_${secret}`],
      ['a long id', `wharf_${id}0_${secret}`],
      ['a non-hex id', `wharf_${'g'.repeat(16)}_${secret}`],
      ['a missing separator', `wharf_${id}${secret}`],
      ['a short secret', `wharf_${id}_${secret.slice(1)}`],
      ['a long secret', `wharf_${id}_${secret}A`],
      ['standard base64 characters', `wharf_${id}_${'+'.repeat(42)}/`],
      ['padding', `wharf_${id}_${secret.slice(0, 42)}=`],
      ['a trailing newline', `${good}\n`],
      ['a leading space', ` ${good}`],
      ['a trailing space', `${good} `],
      ['a token inside other text', `Bearer ${good}`],
      ['two tokens', `${good}${good}`],
      ['a Cyrillic look-alike in the secret', `wharf_${id}_${secret.slice(0, 42)}\u0430`],
    ])('refuses %s', (_label, value) => {
      expect(tokenIdOf(value)).toBeNull();
    });

    it('finds nothing in arbitrary strings that are not of the token shape', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (value) => {
          fc.pre(!/^wharf_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/.test(value));
          expect(tokenIdOf(value)).toBeNull();
        }),
        { numRuns: 2_000 },
      );
    });
  });
});
