import { Command, Option } from 'commander';
import { MISSED_TICKS_POLICIES, MissedTicksPolicy } from '@wharf/events';
import { wharfClient } from './support/global-options';
import { printList, printRecord } from './support/output';
import { CRON_COLUMNS, cronFields, parseJsonOption } from './schedules/schedule-text';

interface CreateCronOptions {
  name: string;
  expression: string;
  timezone?: string;
  eventKey: string;
  payload?: string;
  missedTicks?: MissedTicksPolicy;
}

/** `wharf crons create|list|show|delete`: crons push an event in the namespace at every tick. */
export function registerCronsCommand(program: Command): void {
  const crons = program.command('crons').description('create, list, show and delete the crons of the namespace');

  crons
    .command('create')
    .description('create a cron: every tick of the expression pushes the event key (with the payload) in the namespace')
    .requiredOption('--name <name>', 'cron name, e.g. nightly-report')
    .requiredOption(
      '--expression <fields>',
      'five fields, minute hour day-of-month month day-of-week; quote it for the shell, e.g. "30 2 * * *"',
    )
    .option('--timezone <zone>', 'IANA time zone the expression is read in, e.g. Europe/Berlin (default UTC)')
    .requiredOption('--event-key <key>', 'the event each tick pushes, e.g. report:nightly')
    .option('--payload <json>', 'payload of every pushed event, as JSON, e.g. \'{"format":"pdf"}\'')
    .addOption(
      new Option(
        '--missed-ticks <policy>',
        'ticks missed while no dispatch instance ran: fire the latest once, or skip them (default skip)',
      ).choices(MISSED_TICKS_POLICIES),
    )
    .action(async (options: CreateCronOptions, command: Command) => {
      const cron = await wharfClient(command).crons.create({
        name: options.name,
        expression: options.expression,
        timezone: options.timezone,
        eventKey: options.eventKey,
        payload: parseJsonOption(options.payload, 'payload'),
        missedTicks: options.missedTicks,
      });
      printRecord(command, cron, cronFields(cron));
    });

  crons
    .command('list')
    .description('list the crons of the namespace with their last and next tick')
    .action(async (_options: unknown, command: Command) => {
      printList(command, await wharfClient(command).crons.list(), CRON_COLUMNS, 'no crons in this namespace');
    });

  crons
    .command('show')
    .description('show one cron')
    .argument('<name>', 'cron name')
    .action(async (name: string, _options: unknown, command: Command) => {
      const cron = await wharfClient(command).crons.get(name);
      printRecord(command, cron, cronFields(cron));
    });

  crons
    .command('delete')
    .description('delete a cron: no later tick fires, and the name may then hold a new cron')
    .argument('<name>', 'cron name')
    .action(async (name: string, _options: unknown, command: Command) => {
      const deleted = await wharfClient(command).crons.delete(name);
      printRecord(command, deleted, [...cronFields(deleted), ['deleted', 'yes']]);
    });
}
