import { WharfInputError } from '@wharf/sdk';
import { EXPIRY_RULE, parseExpiry } from './token-expiry';

const now = new Date('2030-01-10T08:30:00.000Z');

function refusal(text: string): WharfInputError {
  try {
    parseExpiry(text, now);
  } catch (err) {
    if (err instanceof WharfInputError) return err;
    throw err;
  }
  throw new Error(`expected ${text} to be refused`);
}

describe('parseExpiry', () => {
  it('keeps "never" as the literal the service takes', () => {
    expect(parseExpiry('never', now)).toBe('never');
  });

  it.each([
    ['90d', '2030-04-10T08:30:00.000Z'],
    ['30d', '2030-02-09T08:30:00.000Z'],
    ['1d', '2030-01-11T08:30:00.000Z'],
    ['12h', '2030-01-10T20:30:00.000Z'],
    ['1h', '2030-01-10T09:30:00.000Z'],
  ])('counts %s from now', (text, expected) => {
    expect(parseExpiry(text, now)).toBe(expected);
  });

  it('reads a bare date as its midnight UTC', () => {
    expect(parseExpiry('2030-02-01', now)).toBe('2030-02-01T00:00:00.000Z');
  });

  it('reads a date-time in the time zone it names', () => {
    expect(parseExpiry('2030-02-01T12:00:00Z', now)).toBe('2030-02-01T12:00:00.000Z');
    expect(parseExpiry('2030-02-01T12:00+02:00', now)).toBe('2030-02-01T10:00:00.000Z');
  });

  it.each(['90', 'd', '90 days', '1w', '-1d', '1.5d', 'Never', '2030-02-01T12:00:00', '01/02/2030', '', 'tomorrow'])(
    'refuses %j, saying what it takes',
    (text) => {
      expect(refusal(text)).toMatchObject({ field: 'expires', rule: EXPIRY_RULE });
    },
  );

  it('refuses a day the month does not have', () => {
    expect(refusal('2030-02-30').rule).toBe(EXPIRY_RULE);
  });

  it('refuses a zero duration', () => {
    expect(refusal('0d').rule).toBe('a duration must be at least 1d or 1h');
  });

  it('refuses a moment that is not in the future', () => {
    expect(refusal('2030-01-10').rule).toBe('must be in the future (2030-01-10T00:00:00.000Z is not)');
    expect(refusal('2030-01-10T08:30:00Z').rule).toMatch(/^must be in the future/);
  });
});
