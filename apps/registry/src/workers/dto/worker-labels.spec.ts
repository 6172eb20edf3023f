import { labelsViolation } from './worker-labels';

describe('worker labels rule', () => {
  it('accepts an empty object and valid labels', () => {
    expect(labelsViolation({})).toBeNull();
    expect(labelsViolation({ region: 'eu-west', 'gpu:count': '2', zone_a: 'Any Value 1' })).toBeNull();
  });

  it('refuses anything but a plain object', () => {
    for (const value of [null, [], 'region=eu', 3]) {
      expect(labelsViolation(value)).toBe('must be an object mapping label keys to string values');
    }
  });

  it('refuses more than 32 entries', () => {
    const labels = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'v']));
    expect(labelsViolation(labels)).toBe('must have at most 32 entries');
  });

  it('names the key that breaks the label key rule', () => {
    expect(labelsViolation({ 'a.b': 'v' })).toMatch(/^key "a.b" may contain only lower-case letters/);
    expect(labelsViolation({ Region: 'v' })).toMatch(/^key "Region" may contain only/);
    expect(labelsViolation({ '': 'v' })).toBe('key "" must not be empty');
  });

  it('refuses values that are not strings of 1 to 128 characters', () => {
    expect(labelsViolation({ region: '' })).toBe('value of "region" must be a string of 1 to 128 characters');
    expect(labelsViolation({ region: 'x'.repeat(129) })).toBe(
      'value of "region" must be a string of 1 to 128 characters',
    );
    expect(labelsViolation({ region: 7 })).toBe('value of "region" must be a string of 1 to 128 characters');
  });
});
