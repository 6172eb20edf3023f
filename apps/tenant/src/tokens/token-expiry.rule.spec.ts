import { isoDateTimeInstant } from '@wharf/names';
import { DEFAULT_TOKEN_LIFETIME_MS, resolveTokenExpiry, tokenExpiryViolation } from './token-expiry.rule';

const NOW = Date.parse('2030-01-01T00:00:00.000Z');

describe('token expiry rule', () => {
  it.each([
    ['2030-01-01T00:00:00.001Z', '2030-01-01T00:00:00.001Z'],
    ['2030-06-30T12:30Z', '2030-06-30T12:30:00.000Z'],
    ['2030-06-30T12:30:15+02:00', '2030-06-30T10:30:15.000Z'],
    ['2030-06-30T12:30:15.123456-05:30', '2030-06-30T18:00:15.123Z'],
    ['2032-02-29T00:00:00Z', '2032-02-29T00:00:00.000Z'],
  ])('accepts %s and records it as %s', (value, recorded) => {
    expect(tokenExpiryViolation(value, NOW)).toBeNull();
    expect(resolveTokenExpiry(value, NOW)).toBe(recorded);
  });

  it('accepts "never" and records no expiry', () => {
    expect(tokenExpiryViolation('never', NOW)).toBeNull();
    expect(resolveTokenExpiry('never', NOW)).toBeNull();
  });

  it('gives a token without an expiry 90 days', () => {
    expect(DEFAULT_TOKEN_LIFETIME_MS).toBe(90 * 86_400_000);
    expect(resolveTokenExpiry(undefined, NOW)).toBe('2030-04-01T00:00:00.000Z');
  });

  it.each(['2029-12-31T23:59:59Z', '2030-01-01T00:00:00Z', '2030-01-01T01:00:00+01:00'])(
    'refuses %s, which is not in the future',
    (value) => expect(tokenExpiryViolation(value, NOW)).toBe('must be in the future'),
  );

  it.each([
    'Never',
    'tomorrow',
    '',
    '2030-06-01',
    '2030-06-01T12:00:00',
    '2030-06-01 12:00:00Z',
    '2030-02-30T00:00:00Z',
    '2031-02-29T00:00:00Z',
    '2030-13-01T00:00:00Z',
    '2030-06-01T24:00:00Z',
    '2030-06-01T12:60:00Z',
    '2030-06-01T12:00:00+24:00',
    '2030-06-01t12:00:00z',
    1893456000000,
    null,
  ])('refuses %j, which is no ISO date-time with a time zone', (value) => {
    expect(tokenExpiryViolation(value, NOW)).toMatch(/^must be an ISO 8601 date-time with a time zone .* or "never"$/);
  });

  it('reads only real calendar dates', () => {
    expect(isoDateTimeInstant('2030-02-31T00:00:00Z')).toBeNull();
    expect(isoDateTimeInstant('2030-02-28T00:00:00Z')).toBe(Date.parse('2030-02-28T00:00:00Z'));
  });
});
