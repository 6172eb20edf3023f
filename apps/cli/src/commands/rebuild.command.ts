import { Argument, Command, InvalidArgumentError } from 'commander';
import { adminRequest } from './support/admin-request';
import { printJson, printLine, wantsJson } from './support/output';

export const REBUILDABLE_SERVICES = ['tenant', 'registry', 'dispatch'] as const;
const DEFAULT_TIMEOUT_MS = 30 * 60 * 1000;

export interface RebuildResult {
  service: string;
  events: number;
  ms: number;
  eventsPerSecond: number | null;
}

/** Reads the service's `{events, ms}` answer and adds the replay rate. */
export function rebuildResult(service: string, response: unknown): RebuildResult {
  const { events, ms } = (response ?? {}) as { events?: unknown; ms?: unknown };
  if (typeof events !== 'number' || typeof ms !== 'number') {
    throw new Error(`the ${service} service answered the rebuild with ${JSON.stringify(response)}, not {events, ms}`);
  }
  return { service, events, ms, eventsPerSecond: ms > 0 ? Math.round((events * 1000) / ms) : null };
}

export function rebuildSummary(result: RebuildResult): string {
  const rate = result.eventsPerSecond === null ? '' : `, ${result.eventsPerSecond} events/s`;
  return `rebuilt the ${result.service} read model: ${result.events} events replayed in ${(result.ms / 1000).toFixed(2)} s${rate}`;
}

function timeout(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive number of milliseconds');
  return n;
}

/**
 * `wharf rebuild <service>`: asks the running service over NATS to drop its read model and replay
 * the stream. Talks to NATS (WHARF_NATS_URL), not HTTP: rebuilding is an operator's act inside the
 * deployment, never exposed to tenants.
 */
export function registerRebuildCommand(program: Command): void {
  program
    .command('rebuild')
    .description("rebuild a service's read model from the stream (over NATS: WHARF_NATS_URL)")
    .addArgument(new Argument('<service>', 'service whose read model to rebuild').choices(REBUILDABLE_SERVICES))
    .option('--timeout <ms>', 'how long to wait for the replay to finish', timeout, DEFAULT_TIMEOUT_MS)
    .action(async (service: string, options: { timeout: number }, command: Command) => {
      if (!wantsJson(command)) process.stderr.write(`rebuilding the ${service} read model…\n`);
      const result = rebuildResult(service, await adminRequest(service, 'rebuild', options.timeout));
      if (wantsJson(command)) printJson(result);
      else printLine(rebuildSummary(result));
    });
}
