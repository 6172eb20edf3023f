import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultOperatorTokenFile, operatorTokenSource, readOperatorToken } from './operator-token';

describe('the operator token', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'wharf-operator-token-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults to operator.token in the given data folder, else WHARF_DATA_DIR, else ./.wharf', () => {
    expect(defaultOperatorTokenFile({ WHARF_DATA_DIR: '/srv/wharf' }, '/home/x', 'data')).toBe(
      '/home/x/data/operator.token',
    );
    expect(defaultOperatorTokenFile({ WHARF_DATA_DIR: '/srv/wharf' }, '/home/x')).toBe('/srv/wharf/operator.token');
    expect(defaultOperatorTokenFile({}, '/home/x')).toBe('/home/x/.wharf/operator.token');
  });

  it('prefers --token, then --token-file, then WHARF_TOKEN_FILE, never WHARF_TOKEN', () => {
    writeFileSync(join(dir, 'a'), 'from-option\n');
    writeFileSync(join(dir, 'b'), 'from-env\n');
    const env = { WHARF_TOKEN_FILE: 'b', WHARF_TOKEN: 'tenant-token' };
    expect(readOperatorToken({ token: 'direct', tokenFile: 'a' }, env, dir)).toBe('direct');
    expect(readOperatorToken({ tokenFile: 'a' }, env, dir)).toBe('from-option');
    expect(readOperatorToken({}, env, dir)).toBe('from-env');
    expect(() => readOperatorToken({}, { WHARF_TOKEN: 'tenant-token', WHARF_DATA_DIR: dir }, dir)).toThrow(
      `cannot read the operator token ${join(dir, 'operator.token')} (ENOENT); start Wharf with \`npm start\``,
    );
  });

  it('says which file the token came from, or none when it was given directly', () => {
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'operator.token'), 'from-data-dir\n');
    writeFileSync(join(dir, 'b'), 'from-env\n');
    const env = { WHARF_TOKEN_FILE: 'b' };
    expect(operatorTokenSource({ token: 'direct' }, env, dir)).toEqual({ token: 'direct', file: null });
    expect(operatorTokenSource({ dataDir: 'data' }, env, dir)).toEqual({
      token: 'from-data-dir',
      file: join(dir, 'data', 'operator.token'),
    });
    expect(operatorTokenSource({}, env, dir)).toEqual({ token: 'from-env', file: join(dir, 'b') });
    expect(operatorTokenSource({}, { WHARF_DATA_DIR: 'data' }, dir).file).toBe(join(dir, 'data', 'operator.token'));
  });
});
