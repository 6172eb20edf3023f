import { Command } from 'commander';
import { NamespaceInfo } from '@wharf/sdk';
import { wharfClient } from './support/global-options';
import { printList } from './support/output';
import { Column } from './support/table';

const NAMESPACE_COLUMNS: Column<NamespaceInfo>[] = [
  { header: 'namespace', value: (n) => n.namespace },
  { header: 'workers', value: (n) => n.workers },
  { header: 'available', value: (n) => n.availableWorkers },
  { header: 'workflows', value: (n) => n.workflows },
  { header: 'events', value: (n) => n.events },
  { header: 'first seen', value: (n) => n.firstSeenAt },
  { header: 'last seen', value: (n) => n.lastSeenAt },
];

/** `wharf namespaces list`: every namespace seen in the token's tenant, with its counts. */
export function registerNamespacesCommand(program: Command): void {
  const namespaces = program.command('namespaces').description('inspect the namespaces of the tenant');

  namespaces
    .command('list')
    .description(
      'list every namespace seen in the tenant (a worker, workflow or event used it) with its counts; a token bound to a namespace sees only that one',
    )
    .action(async (_options: unknown, command: Command) => {
      const client = wharfClient(command);
      printList(command, await client.namespaces.list(), NAMESPACE_COLUMNS, 'no namespaces seen in this tenant yet');
    });
}
