import { tenantDescriptionViolation } from './tenant-description.rule';

describe('tenant description rule', () => {
  it.each([
    '',
    'Pre-production for the EU customers',
    'Two lines:\nstaging and QA',
    'Windows line\r\nbreaks',
    'tab\tseparated',
    'Zürich, 株式会社 👩‍💻',
    'x'.repeat(1000),
    '😀'.repeat(1000),
  ])('accepts %j', (description) => expect(tenantDescriptionViolation(description)).toBeNull());

  it.each([
    [undefined, 'must be a string'],
    [42, 'must be a string'],
    ['x'.repeat(1001), 'must be at most 1000 characters'],
    ['carriage\rreturn', 'may contain only printable characters'],
    ['bell\u0007', 'may contain only printable characters'],
    ['escape\u001b[2J', 'may contain only printable characters'],
    ['evil\u202Etxt', 'may contain only printable characters'],
    ['line\u2028separator', 'may contain only printable characters'],
  ])('rejects %j: %s', (description, rule) => {
    expect(tenantDescriptionViolation(description)).toMatch(rule);
  });
});
