import { tenantNameViolation } from './tenant-name.rule';

describe('tenant display name rule', () => {
  it.each(['Acme', 'Acme Staging (EU)', 'Zürich GmbH', '株式会社', 'a', 'x'.repeat(100), '👩‍💻 team'])(
    'accepts %j',
    (name) => expect(tenantNameViolation(name)).toBeNull(),
  );

  it.each([
    [undefined, 'must be a string'],
    [42, 'must be a string'],
    ['', 'must not be empty'],
    ['x'.repeat(101), 'must be at most 100 characters'],
    ['line\nbreak', 'may contain only printable characters'],
    ['tab\there', 'may contain only printable characters'],
    ['bell\u0007', 'may contain only printable characters'],
    ['evil\u202Etxt', 'may contain only printable characters'],
    ['   ', 'must contain at least one visible character'],
  ])('rejects %j: %s', (name, rule) => {
    expect(tenantNameViolation(name)).toMatch(rule);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(tenantNameViolation('😀'.repeat(100))).toBeNull();
  });
});
