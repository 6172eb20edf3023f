import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { WharfApp } from './wharf-apps';

const PATH_HOOK = join('scripts', 'register-paths.js');

/**
 * The repository root: the nearest folder above this file holding scripts/register-paths.js. Works
 * from the sources (ts-jest) and from dist/ alike.
 */
export function findRepoRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, PATH_HOOK)) && existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find the Wharf repository (${PATH_HOOK}) above ${from}`);
  }
}

export function pathHook(repoRoot: string): string {
  return join(repoRoot, PATH_HOOK);
}

/** The compiled entry point of an app; a clear error when the build has not run. */
export function appEntryPoint(app: WharfApp, repoRoot: string): string {
  const entry = join(repoRoot, 'dist', 'apps', app, 'src', 'main.js');
  if (!existsSync(entry)) {
    throw new Error(`${entry} does not exist: build first with \`npm run -s build\` (in ${repoRoot})`);
  }
  return entry;
}
