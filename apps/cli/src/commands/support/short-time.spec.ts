import { shortTime } from './short-time';

describe('shortTime', () => {
  it('shows an instant to the minute, in UTC', () => {
    expect(shortTime('2030-01-31T12:05:59.999+01:00')).toBe('2030-01-31 11:05Z');
  });

  it('leaves what is not a date as it is', () => {
    expect(shortTime('not a date')).toBe('not a date');
  });
});
