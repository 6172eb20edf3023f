import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parseEnv } from 'node:util';
import { DEFAULT_NAMESPACE, nameRuleViolation } from '@wharf/names';

export const DEFAULT_WHARF_URL = 'http://127.0.0.1:8080';

/** Where the SDK talks to and as whom. `token` is a secret: never log this object. */
export interface WharfConfig {
  /** The one base URL (the edge), without a trailing slash. */
  url: string;
  token?: string;
  namespace: string;
  /**
   * The tenant the operator token reads in (`X-Wharf-Tenant`, read-only); absent for a tenant
   * token, which always acts in its own tenant.
   */
  tenant?: string;
}

export interface WharfConfigOptions {
  url?: string;
  token?: string;
  /** A file holding the token (e.g. `.wharf/operator.token`); used when `token` is not given. */
  tokenFile?: string;
  namespace?: string;
  /**
   * Tenant the operator token reads in (sent as `X-Wharf-Tenant`). `null` sends none even when
   * WHARF_TENANT is set: for clients that manage tenants and tokens with the operator token.
   */
  tenant?: string | null;
  /** Environment to read `WHARF_*` from; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Folder whose `.env` file is read, and against which a relative token file is resolved; defaults to the working directory. */
  cwd?: string;
}

/** A configuration value that cannot be used; names the setting and the rule it breaks. */
export class WharfConfigError extends Error {
  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'WharfConfigError';
  }
}

interface Sourced {
  value: string;
  /** The option or variable it came from, for error messages. */
  origin: string;
}

/** Reads `<cwd>/.env` with Node's own parser; a missing file is an empty one. */
export function readDotEnv(cwd: string): Record<string, string> {
  const file = join(cwd, '.env');
  if (!existsSync(file)) return {};
  const parsed = parseEnv(readFileSync(file, 'utf8'));
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) if (value !== undefined) values[key] = value;
  return values;
}

function present(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}

/**
 * The first setting found, in the order: explicit option, real environment, `.env` file. An empty
 * variable counts as unset, so `WHARF_TOKEN=` in a shell does not hide the `.env` value.
 */
function pick(
  option: string | undefined,
  optionName: string,
  variable: string,
  env: NodeJS.ProcessEnv,
  dotEnv: Record<string, string>,
): Sourced | undefined {
  if (present(option)) return { value: option, origin: optionName };
  if (present(env[variable])) return { value: env[variable] as string, origin: variable };
  if (present(dotEnv[variable])) return { value: dotEnv[variable], origin: `${variable} in .env` };
  return undefined;
}

function readTokenFile(path: string, cwd: string, origin: string): string {
  const file = isAbsolute(path) ? path : join(cwd, path);
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new WharfConfigError(
      'tokenFile',
      'must be a readable file',
      `cannot read the token file ${file} (${origin}): ${reason}`,
    );
  }
  const token = content.trim();
  if (token === '')
    throw new WharfConfigError('tokenFile', 'must not be empty', `the token file ${file} (${origin}) is empty`);
  return token;
}

/**
 * A direct token beats a token file at the same level, and any higher level beats both: an explicit
 * `--token-file` wins over `WHARF_TOKEN` from the environment.
 */
function resolveToken(
  options: WharfConfigOptions,
  env: NodeJS.ProcessEnv,
  dotEnv: Record<string, string>,
  cwd: string,
): string | undefined {
  const levels: { token?: string; tokenFile?: string; origin: string }[] = [
    { token: options.token, tokenFile: options.tokenFile, origin: 'token file option' },
    { token: env.WHARF_TOKEN, tokenFile: env.WHARF_TOKEN_FILE, origin: 'WHARF_TOKEN_FILE' },
    { token: dotEnv.WHARF_TOKEN, tokenFile: dotEnv.WHARF_TOKEN_FILE, origin: 'WHARF_TOKEN_FILE in .env' },
  ];
  for (const { token, tokenFile, origin } of levels) {
    if (present(token)) return token.trim();
    if (present(tokenFile)) return readTokenFile(tokenFile, cwd, origin);
  }
  return undefined;
}

function resolveUrl(setting: Sourced | undefined): string {
  const raw = setting?.value ?? DEFAULT_WHARF_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WharfConfigError(
      'url',
      'must be an http(s) URL',
      `the Wharf URL "${raw}" (${setting?.origin ?? 'default'}) is not a URL; expected e.g. ${DEFAULT_WHARF_URL}`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new WharfConfigError(
      'url',
      'must be an http(s) URL',
      `the Wharf URL "${raw}" (${setting?.origin ?? 'default'}) must start with http:// or https://`,
    );
  }
  return raw.replace(/\/+$/, '');
}

function resolveNamespace(setting: Sourced | undefined): string {
  const namespace = setting?.value ?? DEFAULT_NAMESPACE;
  const violation = nameRuleViolation('namespace', namespace);
  if (violation !== null) {
    throw new WharfConfigError(
      'namespace',
      violation,
      `namespace "${namespace}" (${setting?.origin ?? 'default'}) is invalid: it ${violation}`,
    );
  }
  return namespace;
}

function resolveTenant(setting: Sourced | undefined): string | undefined {
  if (setting === undefined) return undefined;
  const violation = nameRuleViolation('tenant', setting.value);
  if (violation !== null) {
    throw new WharfConfigError(
      'tenant',
      violation,
      `tenant "${setting.value}" (${setting.origin}) is invalid: it ${violation}`,
    );
  }
  return setting.value;
}

/**
 * Resolves `{url, token, namespace, tenant}` from explicit options, else the environment
 * (`WHARF_URL`, `WHARF_TOKEN` / `WHARF_TOKEN_FILE`, `WHARF_NAMESPACE`, `WHARF_TENANT`), else the
 * `.env` file of the working directory, else the defaults. Throws a WharfConfigError naming the
 * setting when a value is unusable, so a bad namespace or tenant never reaches a request.
 */
export function resolveWharfConfig(options: WharfConfigOptions = {}): WharfConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const dotEnv = readDotEnv(cwd);
  const url = resolveUrl(pick(options.url, 'url option', 'WHARF_URL', env, dotEnv));
  const namespace = resolveNamespace(pick(options.namespace, 'namespace option', 'WHARF_NAMESPACE', env, dotEnv));
  const tenant =
    options.tenant === null
      ? undefined
      : resolveTenant(pick(options.tenant, 'tenant option', 'WHARF_TENANT', env, dotEnv));
  const token = resolveToken(options, env, dotEnv, cwd);
  const config: WharfConfig = { url, namespace };
  if (token !== undefined) config.token = token;
  if (tenant !== undefined) config.tenant = tenant;
  return config;
}
