import { Command } from 'commander';
import { wharfClient } from './support/global-options';
import { printList, printRecord } from './support/output';
import { parseJsonOption, SCHEDULED_RUN_COLUMNS, scheduledRunFields } from './schedules/schedule-text';

interface CreateScheduledRunOptions {
  workflow: string;
  at: string;
  input?: string;
}

/** `wharf scheduled-runs create|list|show|cancel`: one run of a workflow at a set time. */
export function registerScheduledRunsCommand(program: Command): void {
  const scheduledRuns = program
    .command('scheduled-runs')
    .description('schedule, list, show and cancel runs of a workflow at a set time in the namespace');

  scheduledRuns
    .command('create')
    .description('schedule a run of a workflow (at its version current then); a time past fires at once')
    .requiredOption('--workflow <name>', 'workflow name, e.g. send-reminder')
    .requiredOption('--at <when>', 'ISO 8601 date-time with a time zone, e.g. 2030-01-31T09:00:00+01:00')
    .option('--input <json>', "input of the run's first step, as JSON, e.g. '{\"userId\":42}'")
    .action(async (options: CreateScheduledRunOptions, command: Command) => {
      const scheduled = await wharfClient(command).scheduledRuns.create({
        workflow: options.workflow,
        at: options.at,
        input: parseJsonOption(options.input, 'input'),
      });
      printRecord(command, scheduled, scheduledRunFields(scheduled));
    });

  scheduledRuns
    .command('list')
    .description('list the scheduled runs of the namespace (pending, cancelled and fired), by time')
    .action(async (_options: unknown, command: Command) => {
      printList(
        command,
        await wharfClient(command).scheduledRuns.list(),
        SCHEDULED_RUN_COLUMNS,
        'no scheduled runs in this namespace',
      );
    });

  scheduledRuns
    .command('show')
    .description('show one scheduled run, with the run it started once fired')
    .argument('<id>', 'scheduled run id, as `scheduled-runs list` shows it')
    .action(async (id: string, _options: unknown, command: Command) => {
      const scheduled = await wharfClient(command).scheduledRuns.get(id);
      printRecord(command, scheduled, scheduledRunFields(scheduled));
    });

  scheduledRuns
    .command('cancel')
    .description('cancel a scheduled run that has not fired (once fired, cancel the run instead)')
    .argument('<id>', 'scheduled run id, as `scheduled-runs list` shows it')
    .action(async (id: string, _options: unknown, command: Command) => {
      const scheduled = await wharfClient(command).scheduledRuns.cancel(id);
      printRecord(command, scheduled, scheduledRunFields(scheduled));
    });
}
