import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Where `npm start` writes the operator token: `<WHARF_DATA_DIR or ./.wharf>/operator.token`. */
export function defaultOperatorTokenFile(env: NodeJS.ProcessEnv, cwd: string): string {
  return resolve(cwd, env.WHARF_DATA_DIR || '.wharf', 'operator.token');
}

/**
 * The operator token for the demo: `--token`, else `--token-file`, else WHARF_TOKEN_FILE, else the
 * file `npm start` writes. WHARF_TOKEN is left out on purpose: it usually holds a tenant token,
 * which cannot create tenants.
 */
export function readOperatorToken(
  options: { token?: string; tokenFile?: string },
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): string {
  if (options.token !== undefined && options.token.trim() !== '') return options.token.trim();
  const file = resolve(cwd, options.tokenFile || env.WHARF_TOKEN_FILE || defaultOperatorTokenFile(env, cwd));
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
  return token;
}
