import fc from 'fast-check';
import { isValidName, NameRuleError, RESERVED_TOKEN } from './name-rules';
import { AggregateType, parseSubject, SUBJECT_ROOT, subjectFor, SubjectParts, tenantFilter } from './subject';

/**
 * NATS subject matching as the server does it: tokens split on '.', '*' matches exactly one
 * token, '>' (only as the last filter token) matches one or more remaining tokens.
 */
function natsMatches(filter: string, subject: string): boolean {
  const f = filter.split('.');
  const s = subject.split('.');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '>') return i === f.length - 1 && s.length > i;
    if (i >= s.length) return false;
    if (f[i] !== '*' && f[i] !== s[i]) return false;
  }
  return f.length === s.length;
}

const AGGREGATE_TYPES: readonly AggregateType[] = [
  'tenant',
  'token',
  'worker',
  'workflow',
  'event',
  'run',
  'cron',
  'schedule',
  'seal',
  'replay',
];

describe('the NATS matcher used by these tests', () => {
  it.each([
    ['wharf.>', 'wharf.acme.default.run.r1', true],
    ['wharf.>', 'wharf', false],
    ['wharf.acme.>', 'wharf.acme.default.run.r1', true],
    ['wharf.acme.>', 'wharf.acme-staging.default.run.r1', false],
    ['wharf.acme.default.>', 'wharf.acme.defaults.run.r1', false],
    ['wharf.*.default.>', 'wharf.acme.default.run.r1', true],
    ['wharf.*.default.>', 'wharf.acme.other.run.r1', false],
    ['wharf.acme.default.run.r1', 'wharf.acme.default.run.r1', true],
    ['wharf.acme.default.run.*', 'wharf.acme.default.run', false],
  ])('%s against %s is %s', (filter, subject, expected) => {
    expect(natsMatches(filter, subject)).toBe(expected);
  });
});

describe('subjectFor', () => {
  it.each<[SubjectParts, string]>([
    [{ tenant: 'acme', namespace: 'default', aggregateType: 'run', aggregateId: 'r-1' }, 'wharf.acme.default.run.r-1'],
    [
      { tenant: 'acme-staging', namespace: 'team-a', aggregateType: 'worker', aggregateId: 'w1' },
      'wharf.acme-staging.team-a.worker.w1',
    ],
    [
      { tenant: 'acme', namespace: 'default', aggregateType: 'workflow', aggregateId: 'user:created' },
      'wharf.acme.default.workflow.user:created',
    ],
    [
      { tenant: 'acme', namespace: RESERVED_TOKEN, aggregateType: 'tenant', aggregateId: 'acme' },
      'wharf.acme._.tenant.acme',
    ],
    [
      { tenant: RESERVED_TOKEN, namespace: RESERVED_TOKEN, aggregateType: 'token', aggregateId: 'operator' },
      'wharf._._.token.operator',
    ],
  ])('builds %j as %s', (parts, subject) => {
    expect(subjectFor(parts)).toBe(subject);
    expect(parseSubject(subject)).toEqual(parts);
  });

  const base: SubjectParts = { tenant: 'acme', namespace: 'default', aggregateType: 'run', aggregateId: 'r1' };

  it.each([
    ['tenant', 'acme.prod'],
    ['tenant', '*'],
    ['tenant', '>'],
    ['tenant', ''],
    ['tenant', 'Acme'],
    ['tenant', 'ac me'],
    ['tenant', '\u0430cme'],
    ['tenant', 'user:created'],
    ['namespace', 'team.a'],
    ['namespace', '*'],
    ['namespace', '>'],
    ['namespace', ''],
    ['namespace', 'team\tb'],
    ['namespace', '__'],
  ] as const)('refuses a %s of %p with a NameRuleError', (field, value) => {
    expect(() => subjectFor({ ...base, [field]: value })).toThrow(NameRuleError);
  });

  it.each(['', '.', 'r.1', '*', '>', 'R1', '-r1', 'r 1', 'r\n', 'x'.repeat(129), '\u0430'])(
    'refuses the aggregate id %p',
    (aggregateId) => {
      expect(() => subjectFor({ ...base, aggregateId })).toThrow(/aggregate id/);
    },
  );

  it('accepts an aggregate id of 128 characters', () => {
    expect(subjectFor({ ...base, aggregateId: 'x'.repeat(128) })).toBe(`wharf.acme.default.run.${'x'.repeat(128)}`);
  });

  it.each(['tenants', 'step', '*', '', 'run.x'])('refuses the aggregate type %p', (aggregateType) => {
    expect(() => subjectFor({ ...base, aggregateType: aggregateType as AggregateType })).toThrow(
      /unknown aggregate type/,
    );
  });
});

describe('tenantFilter', () => {
  it('selects a tenant, or one of its namespaces', () => {
    expect(tenantFilter('acme')).toBe('wharf.acme.>');
    expect(tenantFilter('acme', 'default')).toBe('wharf.acme.default.>');
    expect(tenantFilter('acme', RESERVED_TOKEN)).toBe('wharf.acme._.>');
    expect(tenantFilter(RESERVED_TOKEN)).toBe('wharf._.>');
  });

  it.each([
    ['*', undefined],
    ['>', undefined],
    ['acme.x', undefined],
    ['', undefined],
    ['acme', '*'],
    ['acme', '>'],
    ['acme', ''],
    ['acme', 'a.b'],
  ])('refuses tenant %p namespace %p rather than widening the filter', (tenant, namespace) => {
    expect(() => tenantFilter(tenant, namespace)).toThrow(NameRuleError);
  });
});

describe('parseSubject', () => {
  it.each([
    'wharf.acme.default.run',
    'wharf.acme.default.run.r1.extra',
    'other.acme.default.run.r1',
    'wharf.acme.default.step.s1',
    '',
    'wharf..default.run.r1',
    'wharf.acme..run.r1',
    'wharf.acme.default.run.',
    'wharf.*.default.run.r1',
    'wharf.acme.>.run.r1',
    'wharf.Acme.default.run.r1',
    'wharf.acme.default.run.R1',
    'wharf.\u0430cme.default.run.r1',
  ])('refuses %p', (subject) => {
    expect(() => parseSubject(subject)).toThrow(/not a wharf event subject/);
  });
});

describe('subject properties', () => {
  const slug = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?$/);
  /** Any candidate string, kept only if it passes validation: valid names whatever their origin. */
  const candidate = (kind: 'tenant' | 'namespace') =>
    fc
      .oneof(
        slug,
        fc.string({ unit: fc.constantFrom(...'ab09-_.*> A\u0430'.split('')), minLength: 1, maxLength: 8 }),
        fc.string(),
      )
      .filter((value) => isValidName(kind, value));
  const tenant = fc.oneof(
    { weight: 6, arbitrary: candidate('tenant') },
    { weight: 1, arbitrary: fc.constant(RESERVED_TOKEN) },
  );
  const namespace = fc.oneof(
    { weight: 6, arbitrary: candidate('namespace') },
    { weight: 1, arbitrary: fc.constant(RESERVED_TOKEN) },
  );
  const aggregateType = fc.constantFrom(...AGGREGATE_TYPES);
  const aggregateId = fc.oneof(
    fc.stringMatching(/^[a-z0-9][a-z0-9:_-]{0,40}$/),
    fc.uuid(),
    fc.constant('x'.repeat(128)),
  );
  const parts = fc.record({ tenant, namespace, aggregateType, aggregateId });

  it('yields exactly five tokens under wharf.<tenant>.<namespace>. that parse back to the parts', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const subject = subjectFor(p);
        expect(subject.split('.')).toHaveLength(5);
        expect(subject.startsWith(`${SUBJECT_ROOT}.${p.tenant}.${p.namespace}.`)).toBe(true);
        expect(subject).not.toMatch(/[*>\s]/);
        expect(parseSubject(subject)).toEqual(p);
      }),
      { numRuns: 1_000 },
    );
  });

  it("matches its own tenant's and namespace's filters", () => {
    fc.assert(
      fc.property(parts, (p) => {
        const subject = subjectFor(p);
        expect(natsMatches(tenantFilter(p.tenant), subject)).toBe(true);
        expect(natsMatches(tenantFilter(p.tenant, p.namespace), subject)).toBe(true);
        expect(natsMatches(`${SUBJECT_ROOT}.>`, subject)).toBe(true);
      }),
      { numRuns: 1_000 },
    );
  });

  it("never matches another tenant's filter, nor any of its namespaces", () => {
    fc.assert(
      fc.property(parts, tenant, namespace, (p, otherTenant, otherNamespace) => {
        fc.pre(otherTenant !== p.tenant);
        const subject = subjectFor(p);
        expect(natsMatches(tenantFilter(otherTenant), subject)).toBe(false);
        expect(natsMatches(tenantFilter(otherTenant, otherNamespace), subject)).toBe(false);
        expect(natsMatches(tenantFilter(otherTenant, p.namespace), subject)).toBe(false);
      }),
      { numRuns: 1_000 },
    );
  });

  it("never matches another namespace's filter of the same tenant", () => {
    fc.assert(
      fc.property(parts, namespace, (p, otherNamespace) => {
        fc.pre(otherNamespace !== p.namespace);
        expect(natsMatches(tenantFilter(p.tenant, otherNamespace), subjectFor(p))).toBe(false);
      }),
      { numRuns: 1_000 },
    );
  });

  it('prefix-sharing names stay apart (acme vs acme-staging)', () => {
    fc.assert(
      fc.property(parts, slug, (p, suffix) => {
        fc.pre(p.tenant !== RESERVED_TOKEN && p.namespace !== RESERVED_TOKEN);
        const longerTenant = `${p.tenant}-${suffix}`.slice(0, 63).replace(/-+$/, '');
        const longerNamespace = `${p.namespace}-${suffix}`.slice(0, 63).replace(/-+$/, '');
        fc.pre(longerTenant !== p.tenant && longerNamespace !== p.namespace);
        const subject = subjectFor(p);
        expect(natsMatches(tenantFilter(longerTenant), subject)).toBe(false);
        expect(natsMatches(tenantFilter(p.tenant, longerNamespace), subject)).toBe(false);
        expect(natsMatches(tenantFilter(p.tenant), subjectFor({ ...p, tenant: longerTenant }))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses any tenant or namespace containing ".", "*", ">" or whitespace', () => {
    const bad = fc
      .tuple(
        fc.string({ maxLength: 8 }),
        fc.constantFrom('.', '*', '>', ' ', '\t', '\n', '\r', '\u00a0', '\u3000'),
        fc.string({ maxLength: 8 }),
      )
      .map(([before, c, after]) => before + c + after);
    fc.assert(
      fc.property(parts, bad, fc.constantFrom('tenant' as const, 'namespace' as const), (p, value, field) => {
        expect(() => subjectFor({ ...p, [field]: value })).toThrow(NameRuleError);
        expect(() => (field === 'tenant' ? tenantFilter(value) : tenantFilter(p.tenant, value))).toThrow(NameRuleError);
      }),
      { numRuns: 1_000 },
    );
  });
});
