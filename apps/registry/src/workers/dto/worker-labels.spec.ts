import { labelsViolation } from './worker-labels';

describe('worker labels rule', () => {
  it('accepts an empty object and valid labels', () => {
    expect(labelsViolation({}, 32)).toBeNull();
    expect(labelsViolation({ region: 'eu-west', 'gpu:count': '2', zone_a: 'Any Value 1' }, 32)).toBeNull();
  });

  it('refuses anything but a plain object', () => {
    for (const value of [null, [], 'region=eu', 3]) {
      expect(labelsViolation(value, 32)).toBe('must be an object mapping label keys to string values');
    }
  });

  it('refuses more labels than the limit it is given (WHARF_MAX_WORKER_LABELS)', () => {
    const labels = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, 'v']));
    expect(labelsViolation(labels(32), 32)).toBeNull();
    expect(labelsViolation(labels(33), 32)).toBe('must have at most 32 entries');
    expect(labelsViolation(labels(3), 3)).toBeNull();
    expect(labelsViolation(labels(4), 3)).toBe('must have at most 3 entries');
  });

  it('names the key that breaks the label key rule', () => {
    expect(labelsViolation({ 'a.b': 'v' }, 32)).toMatch(/^key "a.b" may contain only lower-case letters/);
    expect(labelsViolation({ Region: 'v' }, 32)).toMatch(/^key "Region" may contain only/);
    expect(labelsViolation({ '': 'v' }, 32)).toBe('key "" must not be empty');
  });

  it('refuses values that are not strings of 1 to 128 characters', () => {
    expect(labelsViolation({ region: '' }, 32)).toBe('value of "region" must be a string of 1 to 128 characters');
    expect(labelsViolation({ region: 'x'.repeat(129) }, 32)).toBe(
      'value of "region" must be a string of 1 to 128 characters',
    );
    expect(labelsViolation({ region: 7 }, 32)).toBe('value of "region" must be a string of 1 to 128 characters');
  });
});
