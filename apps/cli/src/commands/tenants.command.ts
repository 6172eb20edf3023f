import { Command, Option } from 'commander';
import { TENANT_PURPOSES } from '@wharf/events';
import { Tenant, TenantPurpose } from '@wharf/sdk';
import { wharfClient } from './support/global-options';
import { printList, printRecord } from './support/output';
import { Column } from './support/table';

const TENANT_COLUMNS: Column<Tenant>[] = [
  { header: 'slug', value: (t) => t.slug },
  { header: 'name', value: (t) => t.name },
  { header: 'purpose', value: (t) => t.purpose },
  { header: 'created', value: (t) => t.createdAt },
];

/** `wharf tenants create|list`: creating a tenant needs the operator token. */
export function registerTenantsCommand(program: Command): void {
  const tenants = program.command('tenants').description('create and list tenants');

  tenants
    .command('create')
    .description('create a tenant (operator token only)')
    .argument('<name>', 'display name of the tenant')
    .addOption(
      new Option('--purpose <purpose>', 'what the tenant is for').choices(TENANT_PURPOSES).makeOptionMandatory(),
    )
    .option('--slug <slug>', 'subject-safe id (default: derived from the name)')
    .action(async (name: string, options: { purpose: TenantPurpose; slug?: string }, command: Command) => {
      const tenant = await wharfClient(command).tenants.create({ name, purpose: options.purpose, slug: options.slug });
      printRecord(command, tenant, [
        ['slug', tenant.slug],
        ['name', tenant.name],
        ['purpose', tenant.purpose],
        ['created', tenant.createdAt],
      ]);
    });

  tenants
    .command('list')
    .description('list tenants (the operator sees all, a tenant token its own)')
    .action(async (_options: unknown, command: Command) => {
      printList(command, await wharfClient(command).tenants.list(), TENANT_COLUMNS, 'no tenants');
    });
}
