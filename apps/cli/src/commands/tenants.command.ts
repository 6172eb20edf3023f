import { Command, Option } from 'commander';
import { TENANT_PURPOSES } from '@wharf/events';
import { TenantPurpose, WharfInputError } from '@wharf/sdk';
import { ask, atTerminal } from './support/ask';
import { wharfClient } from './support/global-options';
import { printList, printRecord } from './support/output';
import {
  ARCHIVE_NEEDS_YES,
  archiveConfirmation,
  archiveQuestion,
  confirmsArchive,
} from './tenants/archive-confirmation';
import { TENANT_COLUMNS, tenantFields } from './tenants/tenant-text';

interface CreateTenantOptions {
  name?: string;
  purpose: TenantPurpose;
  slug?: string;
  description?: string;
}

/** The display name of `tenants create`: `--name`, or the argument the quick start writes. */
export function tenantNameArgument(argument: string | undefined, option: string | undefined): string {
  if (argument !== undefined && option !== undefined && argument !== option) {
    throw new WharfInputError('name', 'give the name once: as the argument or as --name, not both');
  }
  const name = option ?? argument;
  if (name === undefined) throw new WharfInputError('name', 'is required, e.g. --name "Acme staging"');
  return name;
}

/**
 * `wharf tenants create|list|show|rename|describe|archive`: creating and archiving need the operator
 * token; renaming and describing the operator or an admin token of the tenant.
 */
export function registerTenantsCommand(program: Command): void {
  const tenants = program.command('tenants').description('create, list, show, rename, describe and archive tenants');

  tenants
    .command('create')
    .description('create a tenant (operator token only)')
    .argument('[name]', 'display name of the tenant (or --name)')
    .option('--name <name>', 'display name of the tenant, e.g. "Acme staging"')
    .addOption(
      new Option('--purpose <purpose>', 'what the tenant is for').choices(TENANT_PURPOSES).makeOptionMandatory(),
    )
    .option('--slug <slug>', 'subject-safe id (default: derived from the name, plus a random suffix)')
    .option('--description <text>', 'what the tenant is for, in a sentence')
    .action(async (argument: string | undefined, options: CreateTenantOptions, command: Command) => {
      const tenant = await wharfClient(command).tenants.create({
        name: tenantNameArgument(argument, options.name),
        purpose: options.purpose,
        slug: options.slug,
        description: options.description,
      });
      printRecord(command, tenant, tenantFields(tenant));
    });

  tenants
    .command('list')
    .description('list tenants, archived ones too (the operator sees all, a tenant token its own)')
    .action(async (_options: unknown, command: Command) => {
      printList(command, await wharfClient(command).tenants.list(), TENANT_COLUMNS, 'no tenants');
    });

  tenants
    .command('show')
    .description('show one tenant')
    .argument('<slug>', 'tenant slug')
    .action(async (slug: string, _options: unknown, command: Command) => {
      const tenant = await wharfClient(command).tenants.get(slug);
      printRecord(command, tenant, tenantFields(tenant));
    });

  tenants
    .command('rename')
    .description('change the display name of a tenant (its slug never changes)')
    .argument('<slug>', 'tenant slug')
    .requiredOption('--name <name>', 'the new display name')
    .action(async (slug: string, options: { name: string }, command: Command) => {
      const tenant = await wharfClient(command).tenants.update(slug, { name: options.name });
      printRecord(command, tenant, tenantFields(tenant));
    });

  tenants
    .command('describe')
    .description('change the description of a tenant')
    .argument('<slug>', 'tenant slug')
    .requiredOption('--description <text>', 'the new description')
    .action(async (slug: string, options: { description: string }, command: Command) => {
      const tenant = await wharfClient(command).tenants.update(slug, { description: options.description });
      printRecord(command, tenant, tenantFields(tenant));
    });

  tenants
    .command('archive')
    .description(
      'archive a tenant (operator token only): every token of the tenant stops working at once, its history ' +
        'stays readable to the operator; cannot be undone',
    )
    .argument('<slug>', 'tenant slug')
    .option('--yes', 'archive without asking (required when not at a terminal)')
    .action(async (slug: string, options: { yes?: boolean }, command: Command) => {
      const client = wharfClient(command);
      const confirmation = archiveConfirmation({ yes: options.yes === true, interactive: atTerminal() });
      if (confirmation === 'refuse') throw new Error(ARCHIVE_NEEDS_YES);
      if (confirmation === 'ask' && !confirmsArchive(await ask(archiveQuestion(slug)), slug)) {
        process.stderr.write(`tenant ${slug} was not archived: the answer was not its slug\n`);
        process.exitCode = 1;
        return;
      }
      const tenant = await client.tenants.archive(slug);
      printRecord(command, tenant, tenantFields(tenant));
    });
}
