import { Command } from 'commander';
import { WorkerInfo } from '@wharf/sdk';
import { wharfClient } from './support/global-options';
import { printList } from './support/output';
import { Column } from './support/table';

const WORKER_COLUMNS: Column<WorkerInfo>[] = [
  { header: 'worker id', value: (w) => w.workerId },
  { header: 'name', value: (w) => w.name },
  { header: 'status', value: (w) => w.status },
  { header: 'actions', value: (w) => w.actions },
  { header: 'max runs', value: (w) => w.maxRuns },
  { header: 'labels', value: (w) => Object.entries(w.labels ?? {}).map(([k, v]) => `${k}=${v}`) },
  { header: 'last heartbeat', value: (w) => w.lastHeartbeatAt },
];

/** `wharf workers list`: workers of the token's tenant in the namespace. */
export function registerWorkersCommand(program: Command): void {
  const workers = program.command('workers').description('inspect workers');

  workers
    .command('list')
    .description('list the workers of the namespace')
    .action(async (_options: unknown, command: Command) => {
      const client = wharfClient(command);
      printList(command, await client.workers.list(), WORKER_COLUMNS, `no workers in namespace ${client.namespace}`);
    });
}
