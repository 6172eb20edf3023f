import { accessSync, chmodSync, constants, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes `secret` to `file` readable and writable by the owner only (0600). The content goes to a
 * temporary file created 0600 next to it and is renamed into place, so no reader ever sees a
 * partial or world-readable file, and an older file at the path is replaced whatever its mode was.
 * (The tenant service writes the first operator token the same way; apps do not import each other.)
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

/**
 * Why `writeSecretFile(file, ...)` would fail for lack of permission, or null when the folder it
 * goes in (or the nearest existing parent) can be written: lets a caller give up before an act
 * whose secret would have nowhere to go.
 */
export function secretFileUnwritable(file: string): string | null {
  let folder = dirname(file);
  while (!existsSync(folder) && dirname(folder) !== folder) folder = dirname(folder);
  try {
    accessSync(folder, constants.W_OK);
    return null;
  } catch (err) {
    return `cannot write in ${folder} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
}
