import { Command } from 'commander';
import { DEFAULT_NAMESPACE } from '@wharf/names';
import { Wharf, WharfApiError } from '@wharf/sdk';
import { rotationFields, rotationNotice, saveRotatedToken } from './operator/rotation-outcome';
import { globalOptions } from './support/global-options';
import { operatorTokenSource } from './support/operator-token';
import { printJson, printRecord, wantsJson } from './support/output';
import { secretFileUnwritable, writeSecretFile } from './support/secret-file';

/**
 * `wharf operator rotate`: replaces the operator token. The current one is read like the demo reads
 * it (`--token`, `--token-file`, `--data-dir`, WHARF_TOKEN_FILE, `<WHARF_DATA_DIR>/operator.token`);
 * when it came from a file, the new one is written there (0600) and only the path is printed.
 */
export function registerOperatorCommand(program: Command): void {
  const operator = program.command('operator').description("the operator token's own acts");

  operator
    .command('rotate')
    .description(
      'replace the operator token; the old one stops working. The new one goes to the file the old one was read ' +
        'from (default <WHARF_DATA_DIR or ./.wharf>/operator.token), or is printed once when given with --token',
    )
    .option('--data-dir <dir>', 'data folder whose operator.token holds the current token (env WHARF_DATA_DIR)')
    .action(async (options: { dataDir?: string }, command: Command) => {
      const globals = globalOptions(command);
      const current = operatorTokenSource({
        token: globals.token,
        tokenFile: globals.tokenFile,
        dataDir: options.dataDir,
      });
      const unwritable = current.file === null ? null : secretFileUnwritable(current.file);
      if (unwritable !== null) {
        throw new Error(
          `${unwritable}, where the new operator token must replace the old one; nothing was rotated. ` +
            'Fix the permissions, or pass the token with --token to have the new one printed instead',
        );
      }
      // The operator token belongs to no namespace or tenant: WHARF_NAMESPACE and WHARF_TENANT of
      // the shell must not get in the way.
      const client = new Wharf({ url: globals.url, token: current.token, namespace: DEFAULT_NAMESPACE, tenant: null });
      const rotated = await client.operator.rotateToken().catch((err: unknown) => {
        if (err instanceof WharfApiError && (err.status === 401 || err.status === 403)) {
          const from = current.file === null ? '--token' : current.file;
          throw new Error(`${err.message}; rotating needs the current operator token (read from ${from})`);
        }
        throw err;
      });
      const outcome = saveRotatedToken(rotated, current.file, writeSecretFile);
      if (wantsJson(command)) {
        printJson(
          outcome.kind === 'saved'
            ? { tokenId: rotated.tokenId, createdAt: rotated.createdAt, tokenFile: outcome.file }
            : rotated,
        );
      } else {
        printRecord(command, rotated, rotationFields(rotated, outcome));
      }
      process.stderr.write(`${rotationNotice(outcome)}\n`);
      if (outcome.kind === 'not-saved') process.exitCode = 1;
    });
}
