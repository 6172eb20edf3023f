import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const OPERATOR_TOKEN_FILE = 'operator.token';

/**
 * Where `npm start` writes the operator token: `<data folder>/operator.token`, the data folder being
 * `dataDir` if given, else WHARF_DATA_DIR, else `./.wharf`.
 */
export function defaultOperatorTokenFile(env: NodeJS.ProcessEnv, cwd: string, dataDir?: string): string {
  return resolve(cwd, dataDir || env.WHARF_DATA_DIR || '.wharf', OPERATOR_TOKEN_FILE);
}

export interface OperatorTokenOptions {
  token?: string;
  tokenFile?: string;
  /** The data folder whose `operator.token` to read. */
  dataDir?: string;
}

/** The operator token and where it came from. */
export interface OperatorTokenSource {
  token: string;
  /** The absolute path of the file it was read from; null when it was given directly. */
  file: string | null;
}

/**
 * The operator token: `--token`, else `--token-file`, else the `--data-dir` folder's file, else
 * WHARF_TOKEN_FILE, else the file `npm start` writes. WHARF_TOKEN is left out on purpose: it
 * usually holds a tenant token, which cannot manage tenants.
 */
export function operatorTokenSource(
  options: OperatorTokenOptions,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): OperatorTokenSource {
  if (options.token !== undefined && options.token.trim() !== '') return { token: options.token.trim(), file: null };
  const file = resolve(
    cwd,
    options.tokenFile ||
      (options.dataDir ? defaultOperatorTokenFile(env, cwd, options.dataDir) : undefined) ||
      env.WHARF_TOKEN_FILE ||
      defaultOperatorTokenFile(env, cwd),
  );
  let token: string;
  try {
    token = readFileSync(file, 'utf8').trim();
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new Error(
      `cannot read the operator token ${file} (${reason}); start Wharf with \`npm start\`, or pass --token-file or set WHARF_TOKEN_FILE`,
    );
  }
  if (token === '') throw new Error(`the operator token file ${file} is empty`);
  return { token, file };
}

/** The operator token alone; see operatorTokenSource for where it is looked for. */
export function readOperatorToken(
  options: OperatorTokenOptions,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): string {
  return operatorTokenSource(options, env, cwd).token;
}
