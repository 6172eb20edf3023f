import { Command } from 'commander';
import { TokenInfo } from '@wharf/sdk';
import { wharfClient } from './support/global-options';
import { printList, printRecord, wantsJson } from './support/output';
import { Column } from './support/table';

const TOKEN_COLUMNS: Column<TokenInfo>[] = [
  { header: 'token id', value: (t) => t.tokenId },
  { header: 'tenant', value: (t) => t.tenant },
  { header: 'name', value: (t) => t.name },
  { header: 'created', value: (t) => t.createdAt },
  { header: 'revoked', value: (t) => (t.revoked ? 'yes' : 'no') },
];

/** `wharf tokens create|list <tenant>`: the operator, or a token of that tenant. */
export function registerTokensCommand(program: Command): void {
  const tokens = program.command('tokens').description("create and list a tenant's tokens");

  tokens
    .command('create')
    .description('create a token for a tenant; the token is shown only once')
    .argument('<tenant>', 'tenant slug')
    .requiredOption('--name <name>', 'what the token is for, e.g. ci or laptop')
    .action(async (tenant: string, options: { name: string }, command: Command) => {
      const created = await wharfClient(command).tokens.create(tenant, { name: options.name });
      printRecord(command, created, [
        ['token id', created.tokenId],
        ['tenant', created.tenant],
        ['name', created.name],
        ['created', created.createdAt],
        ['token', created.token],
      ]);
      if (!wantsJson(command))
        process.stderr.write('Store the token now: Wharf keeps only its hash and cannot show it again.\n');
    });

  tokens
    .command('list')
    .description("list a tenant's tokens (never the token strings)")
    .argument('<tenant>', 'tenant slug')
    .action(async (tenant: string, _options: unknown, command: Command) => {
      printList(
        command,
        await wharfClient(command).tokens.list(tenant),
        TOKEN_COLUMNS,
        `no tokens for tenant ${tenant}`,
      );
    });
}
