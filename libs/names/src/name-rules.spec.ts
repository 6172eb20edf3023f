import fc from 'fast-check';
import {
  assertName,
  isValidName,
  NAME_RULES,
  NameKind,
  NameRuleError,
  nameRuleViolation,
  RESERVED_TOKEN,
  SYSTEM_TENANT,
  TENANT_WIDE_NAMESPACE,
} from './name-rules';

const SLUG_KINDS: readonly NameKind[] = ['tenant', 'namespace'];
const KEY_KINDS: readonly NameKind[] = [
  'worker',
  'workflow',
  'step',
  'action',
  'eventKey',
  'tokenName',
  'labelKey',
  'cron',
];
const ALL_KINDS: readonly NameKind[] = [...SLUG_KINDS, ...KEY_KINDS];

/**
 * Names no kind accepts: each could leave its subtree of the subject space (`.`, `*`, `>`), break
 * a subject or a log line (whitespace, control characters), or impersonate another name (look-alikes).
 */
const INVALID_FOR_EVERY_KIND: readonly [string, string][] = [
  ['empty', ''],
  ['a lone dot', '.'],
  ['a dot inside', 'acme.prod'],
  ['a trailing dot', 'acme.'],
  ['a lone star', '*'],
  ['a star inside', 'ac*me'],
  ['a lone greater-than', '>'],
  ['a greater-than inside', 'acme>'],
  ['a space inside', 'ac me'],
  ['a leading space', ' acme'],
  ['a trailing space', 'acme '],
  ['a lone space', ' '],
  ['a tab', 'ac\tme'],
  ['a newline inside', 'ac\nme'],
  ['a trailing newline', 'acme\n'],
  ['a carriage return', 'acme\r'],
  ['a vertical tab', 'ac\vme'],
  ['a form feed', 'ac\fme'],
  ['a NUL byte', 'ac\u0000me'],
  ['a bell control character', 'acme\u0007'],
  ['an escape control character', '\u001bacme'],
  ['DEL', 'acme\u007f'],
  ['a C1 control character (NEL)', 'ac\u0085me'],
  ['a no-break space', 'ac\u00a0me'],
  ['a line separator', 'ac\u2028me'],
  ['an ideographic space', 'ac\u3000me'],
  ['a zero-width space', 'ac\u200bme'],
  ['a zero-width joiner', 'ac\u200dme'],
  ['a byte order mark', '\ufeffacme'],
  ['a right-to-left override', 'acme\u202e'],
  ['a Cyrillic "а" look-alike', '\u0430cme'],
  ['a Cyrillic "е" look-alike', 'acm\u0435'],
  ['a Greek omicron look-alike', 'dem\u03bf'],
  ['a dotless i', 'adm\u0131n'],
  ['fullwidth letters', '\uff41\uff43\uff4d\uff45'],
  ['a fullwidth full stop', 'acme\uff0eprod'],
  ['a one-dot leader', 'acme\u2024prod'],
  ['an ideographic full stop', 'acme\u3002prod'],
  ['a fullwidth asterisk', 'acme\uff0a'],
  ['a fullwidth greater-than', 'acme\uff1e'],
  ['a combining accent', 'acme\u0301'],
  ['an accented letter', 'caf\u00e9'],
  ['an emoji', 'acme\u{1f680}'],
  ['an upper-case first letter', 'Acme'],
  ['all upper case', 'ACME'],
  ['an upper-case letter inside', 'acMe'],
  ['a leading "-"', '-acme'],
  ['a leading "_"', '_acme'],
  ['a leading ":"', ':acme'],
  ['the reserved token "_"', RESERVED_TOKEN],
  ['a slash', 'acme/prod'],
  ['a backslash', 'acme\\prod'],
  ['a dollar sign', '$acme'],
  ['a percent-encoded dot', 'acme%2eprod'],
  ['a quote', "acme'"],
];

describe('name rules', () => {
  describe.each(ALL_KINDS)('every kind refuses dangerous names: %s', (kind) => {
    it.each(INVALID_FOR_EVERY_KIND)('refuses %s', (_label, value) => {
      expect(isValidName(kind, value)).toBe(false);
      expect(nameRuleViolation(kind, value)).toEqual(expect.any(String));
      expect(() => assertName(kind, value)).toThrow(NameRuleError);
    });

    it.each([
      ['a number', 42],
      ['null', null],
      ['undefined', undefined],
      ['an object', { toString: () => 'acme' }],
      ['an array', ['acme']],
    ])('refuses %s because it is not a string', (_label, value) => {
      expect(nameRuleViolation(kind, value)).toBe('must be a string');
    });

    it('says an empty name must not be empty', () => {
      expect(nameRuleViolation(kind, '')).toBe('must not be empty');
    });

    it('accepts a name of exactly the maximum length and refuses one character more', () => {
      const max = NAME_RULES[kind].maxLength;
      expect(isValidName(kind, 'a'.repeat(max))).toBe(true);
      expect(nameRuleViolation(kind, 'a'.repeat(max + 1))).toBe(`must be at most ${max} characters`);
    });
  });

  describe.each(SLUG_KINDS)('slugs (%s): lower-case letters, digits and inner "-"', (kind) => {
    it.each(['acme', 'acme-staging', 'a', '0', '123', 'a1-b2-c3', 'prod-2024', 'default', 'x'.repeat(63)])(
      'accepts %p',
      (value) => {
        expect(nameRuleViolation(kind, value)).toBeNull();
        expect(assertName(kind, value)).toBe(value);
      },
    );

    it.each([
      ['a trailing "-"', 'acme-'],
      ['a lone "-"', '-'],
      ['a ":" (allowed in keys only)', 'user:created'],
      ['a "_" (allowed in keys only)', 'acme_staging'],
      ['64 characters', 'a'.repeat(64)],
    ])('refuses %s', (_label, value) => {
      expect(isValidName(kind, value)).toBe(false);
    });

    it('describes the rule in the violation', () => {
      expect(nameRuleViolation(kind, 'Acme')).toBe(
        'may contain only lower-case letters a-z, digits 0-9 and "-", starting and ending with a letter or digit',
      );
    });
  });

  describe.each(KEY_KINDS)('keys (%s): also ":" and "_"', (kind) => {
    it.each([
      'user:created',
      'email:send',
      'acme-staging',
      'snake_case',
      'order:paid:v2',
      'a',
      '9',
      'ends-with-dash-',
      'ends:',
      'x'.repeat(128),
    ])('accepts %p', (value) => {
      expect(nameRuleViolation(kind, value)).toBeNull();
    });

    it.each([
      ['129 characters', 'x'.repeat(129)],
      ['an upper-case event key', 'User:Created'],
      ['a dotted event key', 'user.created'],
      ['a wildcard event key', 'user:*'],
    ])('refuses %s', (_label, value) => {
      expect(isValidName(kind, value)).toBe(false);
    });
  });

  it('keeps the reserved token out of every user-chosen name, so nobody can claim the system tenant', () => {
    expect(SYSTEM_TENANT).toBe(RESERVED_TOKEN);
    expect(TENANT_WIDE_NAMESPACE).toBe(RESERVED_TOKEN);
    for (const kind of ALL_KINDS) expect(isValidName(kind, RESERVED_TOKEN)).toBe(false);
  });

  it('names the field and the rule in the error it throws', () => {
    let thrown: unknown;
    try {
      assertName('eventKey', 'user.created', 'key');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(NameRuleError);
    const error = thrown as NameRuleError;
    expect(error.field).toBe('key');
    expect(error.rule).toBe(nameRuleViolation('eventKey', 'user.created'));
    expect(error.value).toBe('user.created');
    expect(error.message).toBe(`key: ${error.rule}`);
  });

  it('uses the kind as the field when none is given', () => {
    expect(() => assertName('tenant', 'Acme')).toThrow(/^tenant: /);
  });

  describe('properties', () => {
    const forbidden = fc.constantFrom(
      '.',
      '*',
      '>',
      ' ',
      '\t',
      '\n',
      '\r',
      '\v',
      '\f',
      '\u00a0',
      '\u1680',
      '\u2000',
      '\u200a',
      '\u2028',
      '\u2029',
      '\u202f',
      '\u205f',
      '\u3000',
      '\ufeff',
    );
    const anyText = fc.string({ unit: 'binary', maxLength: 40 });
    const kind = fc.constantFrom(...ALL_KINDS);

    it('refuses every string that contains ".", "*", ">" or whitespace, whatever surrounds it', () => {
      fc.assert(
        fc.property(kind, anyText, forbidden, anyText, (k, before, bad, after) => {
          expect(isValidName(k, before + bad + after)).toBe(false);
        }),
        { numRuns: 2_000 },
      );
    });

    it('refuses every string with a character outside a-z, 0-9, "-", ":" and "_"', () => {
      const outside = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => !/^[a-z0-9:_-]$/.test(c));
      fc.assert(
        fc.property(
          kind,
          fc.stringMatching(/^[a-z0-9]{0,10}$/),
          outside,
          fc.stringMatching(/^[a-z0-9]{0,10}$/),
          (k, before, bad, after) => {
            expect(isValidName(k, before + bad + after)).toBe(false);
          },
        ),
        { numRuns: 2_000 },
      );
    });

    /** The documented rule, spelled out character by character rather than as a regular expression. */
    function documentedRule(k: NameKind, value: string): boolean {
      const slug = SLUG_KINDS.includes(k);
      const alnum = (c: string) => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      const allowed = (c: string) => alnum(c) || c === '-' || (!slug && (c === ':' || c === '_'));
      const chars = [...value];
      return (
        value.length >= 1 &&
        value.length <= NAME_RULES[k].maxLength &&
        chars.every(allowed) &&
        alnum(chars[0]) &&
        (!slug || alnum(chars[chars.length - 1]))
      );
    }

    it('accepts a name exactly when it is a bounded string of the documented characters', () => {
      const candidate = fc.oneof(
        fc.stringMatching(/^[a-z0-9][a-z0-9:_-]*$/),
        fc.string({ unit: fc.constantFrom(...'abz09-:_.*> \tA\u0430'.split('')), maxLength: 140 }),
        anyText,
      );
      fc.assert(
        fc.property(kind, candidate, (k, value) => {
          expect(isValidName(k, value)).toBe(documentedRule(k, value));
        }),
        { numRuns: 3_000 },
      );
    });
  });
});
