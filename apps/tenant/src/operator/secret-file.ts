import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes `secret` to `file` readable and writable by the owner only (0600). The content goes to a
 * temporary file created 0600 and is renamed into place, so no reader ever sees a partial or
 * world-readable file, and an older file at the path is replaced whatever its mode was.
 */
export function writeSecretFile(file: string, secret: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(temporary, 0o600);
    renameSync(temporary, file);
  } catch (err) {
    rmSync(temporary, { force: true });
    throw err;
  }
}
