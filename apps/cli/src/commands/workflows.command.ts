import { Command } from 'commander';
import { Workflow } from '@wharf/sdk';
import { wharfClient } from './support/global-options';
import { printList } from './support/output';
import { Column } from './support/table';

const WORKFLOW_COLUMNS: Column<Workflow>[] = [
  { header: 'name', value: (w) => w.name },
  { header: 'version', value: (w) => w.version },
  { header: 'event keys', value: (w) => w.eventKeys },
  { header: 'steps', value: (w) => w.steps.map((s) => `${s.name} (${s.action})`) },
];

/** `wharf workflows list`: workflows of the namespace. */
export function registerWorkflowsCommand(program: Command): void {
  const workflows = program.command('workflows').description('inspect workflows');

  workflows
    .command('list')
    .description('list the workflows of the namespace')
    .action(async (_options: unknown, command: Command) => {
      const client = wharfClient(command);
      printList(
        command,
        await client.workflows.list(),
        WORKFLOW_COLUMNS,
        `no workflows in namespace ${client.namespace}`,
      );
    });
}
