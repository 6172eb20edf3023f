/**
 * The one rule set for every name that becomes (or could become) a NATS subject token.
 * HTTP DTOs, the SDK and the CLI all validate through these functions, so a name that passes
 * here can never leave its tenant's and namespace's subtree of the subject space.
 */
export type NameKind =
  'tenant' | 'namespace' | 'worker' | 'workflow' | 'step' | 'action' | 'eventKey' | 'tokenName' | 'labelKey' | 'cron';

interface NameRule {
  pattern: RegExp;
  maxLength: number;
  description: string;
}

const SLUG: NameRule = {
  pattern: /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
  maxLength: 63,
  description: 'lower-case letters a-z, digits 0-9 and "-", starting and ending with a letter or digit',
};

const KEY: NameRule = {
  pattern: /^[a-z0-9][a-z0-9:_-]*$/,
  maxLength: 128,
  description: 'lower-case letters a-z, digits 0-9, ":", "_" and "-", starting with a letter or digit',
};

export const NAME_RULES: Readonly<Record<NameKind, NameRule>> = {
  tenant: SLUG,
  namespace: SLUG,
  worker: KEY,
  workflow: KEY,
  step: KEY,
  action: KEY,
  eventKey: KEY,
  tokenName: KEY,
  labelKey: KEY,
  cron: KEY,
};

/** Reserved subject token: the system tenant (operator tokens) and the tenant-wide namespace. */
export const RESERVED_TOKEN = '_';
export const SYSTEM_TENANT = RESERVED_TOKEN;
export const TENANT_WIDE_NAMESPACE = RESERVED_TOKEN;
export const DEFAULT_NAMESPACE = 'default';

export class NameRuleError extends Error {
  constructor(
    readonly field: string,
    readonly rule: string,
    readonly value: unknown,
  ) {
    super(`${field}: ${rule}`);
    this.name = 'NameRuleError';
  }
}

/** Returns the broken rule for `value` as a sentence, or null when the name is valid. */
export function nameRuleViolation(kind: NameKind, value: unknown): string | null {
  const rule = NAME_RULES[kind];
  if (typeof value !== 'string') return 'must be a string';
  if (value.length === 0) return 'must not be empty';
  if (value.length > rule.maxLength) return `must be at most ${rule.maxLength} characters`;
  if (!rule.pattern.test(value)) return `may contain only ${rule.description}`;
  return null;
}

export function isValidName(kind: NameKind, value: unknown): value is string {
  return nameRuleViolation(kind, value) === null;
}

/** Throws a NameRuleError naming the field and the rule when `value` is not a valid `kind` name. */
export function assertName(kind: NameKind, value: unknown, field: string = kind): string {
  const violation = nameRuleViolation(kind, value);
  if (violation !== null) throw new NameRuleError(field, violation, value);
  return value as string;
}
