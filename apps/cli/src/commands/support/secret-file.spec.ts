import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secretFileUnwritable, writeSecretFile } from './secret-file';

describe('writeSecretFile', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'wharf-secret-file-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces a world-readable file with one only its owner can read, leaving no temporary file', () => {
    const file = join(dir, 'operator.token');
    writeFileSync(file, 'wharf_old\n');
    chmodSync(file, 0o644);
    writeSecretFile(file, 'wharf_new');
    expect(readFileSync(file, 'utf8')).toBe('wharf_new\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['operator.token']);
  });

  it('creates the folder it goes in', () => {
    const file = join(dir, 'data', 'operator.token');
    writeSecretFile(file, 'wharf_new');
    expect(readFileSync(file, 'utf8')).toBe('wharf_new\n');
  });

  it('says nothing is in the way of a file in a writable folder, even one yet to be created', () => {
    expect(secretFileUnwritable(join(dir, 'operator.token'))).toBeNull();
    expect(secretFileUnwritable(join(dir, 'data', 'nested', 'operator.token'))).toBeNull();
  });
});
