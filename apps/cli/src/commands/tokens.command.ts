import { Command, Option } from 'commander';
import { TOKEN_ROLES, TokenRole } from '@wharf/events';
import { wharfClient } from './support/global-options';
import { printList, printRecord, wantsJson } from './support/output';
import { parseExpiry } from './tokens/token-expiry';
import { createdTokenFields, createdTokenWarning, tokenColumns, tokenFields } from './tokens/token-text';

interface CreateTokenOptions {
  name: string;
  role: TokenRole;
  expires?: string;
}

/**
 * `wharf tokens create|list|revoke <tenant>`: the operator token, or an admin token of that tenant
 * not bound to a namespace.
 */
export function registerTokensCommand(program: Command): void {
  const tokens = program.command('tokens').description("create, list and revoke a tenant's tokens");

  tokens
    .command('create')
    .description('create a token for a tenant; the token is shown only once')
    .argument('<tenant>', 'tenant slug')
    .requiredOption('--name <name>', 'what the token is for, e.g. ci or ada-laptop')
    .addOption(
      new Option(
        '--role <role>',
        'admin: everything in the tenant; worker: run workers; publisher: push events, read runs; viewer: read only',
      )
        .choices(TOKEN_ROLES)
        .makeOptionMandatory(),
    )
    // The program's own --namespace takes the value wherever it is written; the token is bound to
    // the namespace given on this command line, never to WHARF_NAMESPACE.
    .option('--namespace <namespace>', 'bind the token to this one namespace (default: every namespace)')
    .option('--expires <when>', '90d, 30d, 12h, never, or a date like 2030-01-31 (default 90d)')
    .action(async (tenant: string, options: CreateTokenOptions, command: Command) => {
      const { namespace } = command.optsWithGlobals<{ namespace?: string }>();
      const expiresAt = options.expires === undefined ? undefined : parseExpiry(options.expires, new Date());
      const created = await wharfClient(command).tokens.create(tenant, {
        name: options.name,
        role: options.role,
        namespace,
        expiresAt,
      });
      printRecord(command, created, createdTokenFields(created));
      if (!wantsJson(command)) process.stderr.write(`${createdTokenWarning(created)}\n`);
    });

  tokens
    .command('list')
    .description("list a tenant's tokens with their role, namespace, expiry and last use (never the token strings)")
    .argument('<tenant>', 'tenant slug')
    .action(async (tenant: string, _options: unknown, command: Command) => {
      printList(
        command,
        await wharfClient(command).tokens.list(tenant),
        tokenColumns(new Date()),
        `no tokens for tenant ${tenant}`,
      );
    });

  tokens
    .command('revoke')
    .description('revoke a token: every service refuses it from then on')
    .argument('<tenant>', 'tenant slug')
    .argument('<tokenId>', 'token id, as `tokens list` shows it')
    .action(async (tenant: string, tokenId: string, _options: unknown, command: Command) => {
      const revoked = await wharfClient(command).tokens.revoke(tenant, tokenId);
      printRecord(command, revoked, tokenFields(revoked, new Date()));
    });
}
