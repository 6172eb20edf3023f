import { isoDateTimeInstant } from './iso-date-time';

describe('isoDateTimeInstant', () => {
  it.each([
    ['2030-01-31T12:00:00Z', '2030-01-31T12:00:00.000Z'],
    ['2030-01-31T12:00Z', '2030-01-31T12:00:00.000Z'],
    ['2030-01-31T12:00:00.250Z', '2030-01-31T12:00:00.250Z'],
    ['2030-01-31T13:00:00+01:00', '2030-01-31T12:00:00.000Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
  ])('reads %s', (value, expected) => {
    expect(new Date(isoDateTimeInstant(value) as number).toISOString()).toBe(expected);
  });

  it.each([
    '2030-01-31',
    '2030-01-31T12:00:00',
    '2030-02-31T12:00:00Z',
    '2030-02-29T00:00:00Z',
    '2030-01-31T24:00:00Z',
    '2030-01-31T12:60:00Z',
    '2030-01-31 12:00:00Z',
    '2030-01-31T13:00+0100',
    '2030-01-31t12:00:00z',
    'never',
    '90d',
    '',
  ])('refuses %j', (value) => {
    expect(isoDateTimeInstant(value)).toBeNull();
  });
});
