import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_WHARF_URL, resolveWharfConfig, WharfConfigError } from './wharf-config';

describe('resolveWharfConfig', () => {
  let cwd: string;

  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'wharf-config-'));
  });

  afterEach(() => {
    rmSync(cwd, { recursive: true, force: true });
  });

  function dotEnv(content: string): void {
    writeFileSync(join(cwd, '.env'), content);
  }

  function thrown(fn: () => unknown): WharfConfigError {
    try {
      fn();
    } catch (err) {
      if (err instanceof WharfConfigError) return err;
      throw err;
    }
    throw new Error('expected a WharfConfigError');
  }

  it('uses the defaults when nothing is configured', () => {
    expect(resolveWharfConfig({ env: {}, cwd })).toEqual({ url: DEFAULT_WHARF_URL, namespace: 'default' });
  });

  it('reads WHARF_URL, WHARF_TOKEN and WHARF_NAMESPACE from the environment', () => {
    const env = { WHARF_URL: 'http://wharf.test:9000/', WHARF_TOKEN: 'wt_env', WHARF_NAMESPACE: 'alice' };
    expect(resolveWharfConfig({ env, cwd })).toEqual({
      url: 'http://wharf.test:9000',
      token: 'wt_env',
      namespace: 'alice',
    });
  });

  it('parses a .env file in the working directory, with comments and quotes', () => {
    dotEnv('# local settings\nWHARF_URL="http://from-dotenv:8080"\nWHARF_TOKEN=wt_dotenv\nWHARF_NAMESPACE=\'bob\'\n');
    expect(resolveWharfConfig({ env: {}, cwd })).toEqual({
      url: 'http://from-dotenv:8080',
      token: 'wt_dotenv',
      namespace: 'bob',
    });
  });

  it('lets a real environment variable win over .env, and an explicit option win over both', () => {
    dotEnv('WHARF_TOKEN=wt_dotenv\nWHARF_NAMESPACE=bob\nWHARF_URL=http://dotenv:1\n');
    const env = { WHARF_TOKEN: 'wt_env', WHARF_NAMESPACE: 'carol' };
    expect(resolveWharfConfig({ env, cwd })).toEqual({ url: 'http://dotenv:1', token: 'wt_env', namespace: 'carol' });
    expect(resolveWharfConfig({ env, cwd, token: 'wt_option', namespace: 'dave', url: 'https://option:2' })).toEqual({
      url: 'https://option:2',
      token: 'wt_option',
      namespace: 'dave',
    });
  });

  it('treats an empty environment variable as unset', () => {
    dotEnv('WHARF_TOKEN=wt_dotenv\n');
    expect(resolveWharfConfig({ env: { WHARF_TOKEN: '' }, cwd }).token).toBe('wt_dotenv');
  });

  it('reads the token from a token file, relative to the working directory, trimmed', () => {
    mkdirSync(join(cwd, '.wharf'));
    writeFileSync(join(cwd, '.wharf', 'operator.token'), 'wt_operator\n');
    expect(resolveWharfConfig({ env: { WHARF_TOKEN_FILE: '.wharf/operator.token' }, cwd }).token).toBe('wt_operator');
    expect(resolveWharfConfig({ env: {}, cwd, tokenFile: join(cwd, '.wharf', 'operator.token') }).token).toBe(
      'wt_operator',
    );
  });

  it('prefers a direct token over a token file at the same level, and an explicit token file over the environment', () => {
    writeFileSync(join(cwd, 'file.token'), 'wt_file');
    expect(resolveWharfConfig({ env: { WHARF_TOKEN: 'wt_env', WHARF_TOKEN_FILE: 'file.token' }, cwd }).token).toBe(
      'wt_env',
    );
    expect(resolveWharfConfig({ env: { WHARF_TOKEN: 'wt_env' }, cwd, tokenFile: 'file.token' }).token).toBe('wt_file');
  });

  it('names the token file that cannot be read', () => {
    const error = thrown(() => resolveWharfConfig({ env: { WHARF_TOKEN_FILE: 'missing.token' }, cwd }));
    expect(error.field).toBe('tokenFile');
    expect(error.message).toContain(join(cwd, 'missing.token'));
    expect(error.message).toContain('WHARF_TOKEN_FILE');
  });

  it.each([['Alice'], ['a.b'], ['a b'], ['*'], ['>'], ['-leading'], ['x'.repeat(64)]])(
    'rejects the namespace %j',
    (namespace) => {
      const error = thrown(() => resolveWharfConfig({ env: { WHARF_NAMESPACE: namespace }, cwd }));
      expect(error.field).toBe('namespace');
      expect(error.rule).toMatch(/may contain only|at most 63/);
      expect(error.message).toContain(`namespace "${namespace}" (WHARF_NAMESPACE) is invalid`);
    },
  );

  it('says when the invalid namespace came from .env', () => {
    dotEnv('WHARF_NAMESPACE=Team.A\n');
    expect(thrown(() => resolveWharfConfig({ env: {}, cwd })).message).toContain('WHARF_NAMESPACE in .env');
  });

  it('reads the tenant the operator reads in from the option, WHARF_TENANT or .env', () => {
    expect(resolveWharfConfig({ env: {}, cwd }).tenant).toBeUndefined();
    dotEnv('WHARF_TENANT=from-dotenv\n');
    expect(resolveWharfConfig({ env: {}, cwd }).tenant).toBe('from-dotenv');
    expect(resolveWharfConfig({ env: { WHARF_TENANT: 'acme' }, cwd }).tenant).toBe('acme');
    expect(resolveWharfConfig({ env: { WHARF_TENANT: 'acme' }, cwd, tenant: 'initech' }).tenant).toBe('initech');
  });

  it('sends no tenant when the option is null, whatever WHARF_TENANT says', () => {
    dotEnv('WHARF_TENANT=from-dotenv\n');
    expect(resolveWharfConfig({ env: { WHARF_TENANT: 'acme' }, cwd, tenant: null })).not.toHaveProperty('tenant');
  });

  it.each([['Acme'], ['a.b'], ['_'], ['*']])('rejects the tenant %j', (tenant) => {
    const error = thrown(() => resolveWharfConfig({ env: { WHARF_TENANT: tenant }, cwd }));
    expect(error.field).toBe('tenant');
    expect(error.message).toContain(`tenant "${tenant}" (WHARF_TENANT) is invalid`);
  });

  it('rejects a URL that is not http(s)', () => {
    expect(thrown(() => resolveWharfConfig({ env: {}, cwd, url: 'nats://127.0.0.1:4222' })).field).toBe('url');
    expect(thrown(() => resolveWharfConfig({ env: { WHARF_URL: 'not a url' }, cwd })).rule).toBe(
      'must be an http(s) URL',
    );
  });
});
