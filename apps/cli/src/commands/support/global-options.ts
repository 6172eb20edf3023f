import { Command } from 'commander';
import { Wharf } from '@wharf/sdk';

/** Options every command accepts, declared once on the program. */
export interface GlobalOptions {
  url?: string;
  token?: string;
  tokenFile?: string;
  namespace?: string;
  tenant?: string;
  json?: boolean;
}

export function addGlobalOptions(program: Command): Command {
  return program
    .option('--url <url>', 'Wharf base URL (env WHARF_URL, default http://127.0.0.1:8080)')
    .option('--token <token>', 'bearer token (env WHARF_TOKEN)')
    .option('--token-file <path>', 'file holding the token, e.g. .wharf/operator.token (env WHARF_TOKEN_FILE)')
    .option('--namespace <namespace>', 'namespace to act in (env WHARF_NAMESPACE, default "default")')
    .option('--tenant <slug>', 'with the operator token: the tenant to read in, read-only (env WHARF_TENANT)')
    .option('--json', 'print JSON instead of tables');
}

export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

/** A client configured from the global options, then the environment, then `.env`. */
export function wharfClient(command: Command): Wharf {
  const { url, token, tokenFile, namespace, tenant } = globalOptions(command);
  return new Wharf({ url, token, tokenFile, namespace, tenant });
}
