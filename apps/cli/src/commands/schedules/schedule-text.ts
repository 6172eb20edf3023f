import { CronView, ScheduledRunView, WharfInputError } from '@wharf/sdk';
import { shortTime } from '../support/short-time';
import { Column } from '../support/table';

/** A JSON option (`--payload`, `--input`): undefined when absent, a named error when not JSON. */
export function parseJsonOption(text: string | undefined, field: string): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new WharfInputError(field, `must be valid JSON; quote it for the shell, e.g. '{"id":1}'`);
  }
}

function timeOrDash(iso: string | null): string {
  return iso === null ? '-' : shortTime(iso);
}

/** The columns of `wharf crons list`. */
export const CRON_COLUMNS: Column<CronView>[] = [
  { header: 'name', value: (c) => c.name },
  { header: 'expression', value: (c) => c.expression },
  { header: 'timezone', value: (c) => c.timezone },
  { header: 'event key', value: (c) => c.eventKey },
  { header: 'missed ticks', value: (c) => c.missedTicks },
  { header: 'last tick', value: (c) => timeOrDash(c.lastTick) },
  { header: 'next tick', value: (c) => timeOrDash(c.nextTick) },
];

/** One cron as `crons create|show|delete` show it. */
export function cronFields(cron: CronView): [string, unknown][] {
  return [
    ['name', cron.name],
    ['namespace', cron.namespace],
    ['expression', cron.expression],
    ['timezone', cron.timezone],
    ['event key', cron.eventKey],
    ['payload', cron.payload],
    ['missed ticks', cron.missedTicks],
    ['created', cron.createdAt],
    ['last tick', cron.lastTick],
    ['next tick', cron.nextTick],
  ];
}

/** The columns of `wharf scheduled-runs list`. */
export const SCHEDULED_RUN_COLUMNS: Column<ScheduledRunView>[] = [
  { header: 'id', value: (s) => s.id },
  { header: 'workflow', value: (s) => s.workflow },
  { header: 'at', value: (s) => shortTime(s.at) },
  { header: 'status', value: (s) => s.status },
  { header: 'run', value: (s) => s.runId },
];

/** One scheduled run as `scheduled-runs create|show|cancel` show it. */
export function scheduledRunFields(run: ScheduledRunView): [string, unknown][] {
  return [
    ['id', run.id],
    ['namespace', run.namespace],
    ['workflow', run.workflow],
    ['at', run.at],
    ['input', run.input],
    ['status', run.status],
    ['created', run.createdAt],
    ['event id', run.eventId],
    ['run id', run.runId],
  ];
}
