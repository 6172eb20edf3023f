import { Command, InvalidArgumentError } from 'commander';
import { RunSummary } from '@wharf/sdk';
import { wharfClient } from './support/global-options';
import { printJson, printLine, printList, printRecord, wantsJson } from './support/output';
import { runDetailText } from './support/run-detail-text';
import { Column } from './support/table';

const RUN_COLUMNS: Column<RunSummary>[] = [
  { header: 'run id', value: (r) => r.runId },
  { header: 'workflow', value: (r) => r.workflow },
  { header: 'status', value: (r) => r.status },
  { header: 'event key', value: (r) => r.eventKey },
  { header: 'started', value: (r) => r.startedAt },
  { header: 'finished', value: (r) => r.finishedAt },
];

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

/** `wharf runs list|show|cancel|replay`: runs of the namespace and, for one run, every step and assignment. */
export function registerRunsCommand(program: Command): void {
  const runs = program.command('runs').description('inspect runs');

  runs
    .command('list')
    .description('list the runs of the namespace, newest first')
    .option('--status <status>', 'only runs with this status')
    .option('--workflow <workflow>', 'only runs of this workflow')
    .option('--limit <n>', 'at most this many runs', positiveInteger)
    .action(async (options: { status?: string; workflow?: string; limit?: number }, command: Command) => {
      const client = wharfClient(command);
      const list = await client.runs.list({ status: options.status, workflow: options.workflow, limit: options.limit });
      printList(command, list, RUN_COLUMNS, `no runs in namespace ${client.namespace}`);
    });

  runs
    .command('show')
    .description('show a run with its steps and every assignment')
    .argument('<runId>', 'run id')
    .action(async (runId: string, _options: unknown, command: Command) => {
      const run = await wharfClient(command).runs.get(runId);
      if (wantsJson(command)) printJson(run);
      else printLine(runDetailText(run));
    });

  runs
    .command('cancel')
    .description('cancel an unfinished run: the worker running its step gets a cancel signal')
    .argument('<runId>', 'run id')
    .option('--reason <text>', 'why, recorded with the cancellation')
    .action(async (runId: string, options: { reason?: string }, command: Command) => {
      const answer = await wharfClient(command).runs.cancel(runId, options.reason);
      if (wantsJson(command)) printJson(answer);
      else printLine(`run ${answer.runId} cancelled`);
    });

  runs
    .command('replay')
    .description("run a run again: a new event with the run's key and input, routed to the run's workflow alone")
    .argument('<runId>', 'run id')
    .action(async (runId: string, _options: unknown, command: Command) => {
      const answer = await wharfClient(command).runs.replay(runId);
      printRecord(command, answer, [
        ['run id', answer.runId ?? 'none: the workflow no longer exists in the namespace'],
        ['event id', answer.eventId],
        ['seq', answer.seq],
        ['replay of', `run ${runId}`],
      ]);
    });
}
