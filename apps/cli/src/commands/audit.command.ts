import { Command, InvalidArgumentError } from 'commander';
import { AuditAct, AuditFilters, AuditOutcome, textLines } from '@wharf/sdk';
import { globalOptions, wharfClient } from './support/global-options';
import { wantsJson } from './support/output';
import { AuditProgress } from './audit/audit-progress';
import { auditActTable, auditLineTable } from './audit/audit-table';
import { CsvColumnReader } from './audit/csv-progress';
import { registerAuditVerifyCommand } from './audit/verify.command';

const OUTCOMES: readonly AuditOutcome[] = ['completed', 'failed', 'cancelled', 'running', 'unmatched'];

function outcome(value: string): AuditOutcome {
  if (!OUTCOMES.includes(value as AuditOutcome)) {
    throw new InvalidArgumentError(`must be one of ${OUTCOMES.join(', ')}`);
  }
  return value as AuditOutcome;
}

/** Writes to stdout, waiting while the pipe is full, so a slow reader never makes the CLI buffer the report. */
async function out(text: string): Promise<void> {
  if (!process.stdout.write(text)) await new Promise((resolve) => process.stdout.once('drain', resolve));
}

interface DispatchOptions {
  since?: string;
  until?: string;
  key?: string;
  workflow?: string;
  worker?: string;
  outcome?: AuditOutcome;
  csv?: boolean;
  fromStream?: boolean;
}

interface ActOptions {
  since?: string;
  until?: string;
  type?: string;
  actor?: string;
  csv?: boolean;
}

/**
 * `wharf audit`: the dispatch audit of the tenant, streamed from the NDJSON (or CSV) export — as a
 * table, JSON lines (`--json`) or CSV (`--csv`), with a progress bar on stderr at a terminal; the
 * report is never held whole. `wharf audit acts`: administrative acts with their actor.
 */
export function registerAuditCommand(program: Command): void {
  const audit = program
    .command('audit')
    .description(
      'the dispatch audit: every pushed event, the runs it started (or that none matched), each assignment, retry, reassignment, refusal and outcome, citing stream sequences',
    )
    .option('--since <time>', 'events pushed at or after this ISO date-time (with a time zone)')
    .option('--until <time>', 'events pushed before this ISO date-time')
    .option('--key <pattern>', 'event key, exact or with * wildcards (user:*)')
    .option('--workflow <name>', 'only runs of this workflow')
    .option('--worker <id-or-name>', 'only runs with an assignment to this worker')
    .option('--outcome <outcome>', `only runs that ended so (${OUTCOMES.join(', ')})`, outcome)
    .option('--csv', 'print CSV')
    .option('--from-stream', 'produce the report from the stream alone, not the read model')
    .addHelpText(
      'after',
      '\nThe global --namespace narrows the audit to one namespace; without it, every namespace the token may read.',
    )
    .action(async (options: DispatchOptions, command: Command) => {
      const filters: AuditFilters = {
        since: options.since,
        until: options.until,
        namespace: globalOptions(command).namespace,
        key: options.key,
        workflow: options.workflow,
        worker: options.worker,
        outcome: options.outcome,
      };
      const client = wharfClient(command).audit;
      const source = options.fromStream ? 'stream' : undefined;
      if (options.csv) {
        const exported = await client.exportDispatches(filters, 'csv', { source });
        const progress = new AuditProgress(exported.events, 'auditing');
        const eventSeqs = new CsvColumnReader(1);
        try {
          for await (const chunk of exported.chunks) {
            for (const eventSeq of eventSeqs.read(chunk)) progress.seen(eventSeq);
            await out(chunk);
          }
        } finally {
          progress.stop();
        }
        return;
      }
      const json = wantsJson(command);
      const { events, lines } = await client.streamDispatches(filters, { source });
      const progress = new AuditProgress(events, 'auditing');
      let printed = 0;
      try {
        if (!json) await out(`${auditLineTable.header()}\n`);
        for await (const line of lines) {
          progress.seen(line.eventSeq);
          printed += 1;
          await out(json ? `${JSON.stringify(line)}\n` : `${auditLineTable.row(line)}\n`);
        }
      } finally {
        progress.stop();
      }
      if (!json && printed === 0) await out('no dispatch matches these filters\n');
    });

  audit
    .command('acts')
    .description(
      'administrative acts (tenant, tokens, workflows, workers, crons, schedules, cancellations, replays) with their actor',
    )
    .option('--since <time>', 'acts at or after this ISO date-time')
    .option('--until <time>', 'acts before this ISO date-time')
    .option('--type <type>', 'an event type (token.created) or a family (token.*)')
    .option('--actor <token-id>', 'acts of this token id (or system)')
    .option('--csv', 'print CSV')
    .action(async (options: ActOptions, command: Command) => {
      const filters = {
        since: options.since,
        until: options.until,
        type: options.type,
        actor: options.actor,
        namespace: globalOptions(command).namespace,
      };
      const client = wharfClient(command).audit;
      const exported = await client.exportActs(filters, options.csv ? 'csv' : 'ndjson');
      if (options.csv) {
        for await (const chunk of exported.chunks) await out(chunk);
        return;
      }
      const json = wantsJson(command);
      if (!json) await out(`${auditActTable.header()}\n`);
      for await (const text of textLines(exported.chunks)) {
        await out(json ? `${text}\n` : `${auditActTable.row(JSON.parse(text) as AuditAct)}\n`);
      }
    });

  registerAuditVerifyCommand(audit);
}
