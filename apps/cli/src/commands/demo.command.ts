import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_NAMESPACE } from '@wharf/names';
import { resolveWharfConfig } from '@wharf/sdk';
import { readOperatorToken } from './support/operator-token';
import { DEFAULT_DEMO_EVENTS, DEFAULT_DEMO_TIMEOUT_MS, runDemo } from './demo/run-demo';
import { globalOptions } from './support/global-options';
import { printJson, printLine, wantsJson } from './support/output';

const MAX_DEMO_EVENTS = 1000;

function eventCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_DEMO_EVENTS)
    throw new InvalidArgumentError(`must be an integer from 1 to ${MAX_DEMO_EVENTS}`);
  return n;
}

function timeout(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive number of milliseconds');
  return n;
}

/**
 * `wharf demo` — what `npm run demo` runs: Wharf's environment story told with the running system.
 * Exits 1 when an isolation check fails.
 */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'on a running Wharf: create a development and a staging tenant, workers in two developers’ namespaces and in ' +
        'staging, push events, and show where every run went (needs the operator token: --token-file, ' +
        'WHARF_TOKEN_FILE, default <WHARF_DATA_DIR or ./.wharf>/operator.token)',
    )
    .option('--events <n>', 'events pushed in each namespace', eventCount, DEFAULT_DEMO_EVENTS)
    .option('--timeout <ms>', 'how long to wait for the runs to complete', timeout, DEFAULT_DEMO_TIMEOUT_MS)
    .action(async (options: { events: number; timeout: number }, command: Command) => {
      const globals = globalOptions(command);
      const operatorToken = readOperatorToken(globals);
      // The namespace is the demo's to choose, and the operator reads in no tenant: a WHARF_NAMESPACE
      // or WHARF_TENANT of the shell must not get in the way.
      const { url } = resolveWharfConfig({
        url: globals.url,
        token: operatorToken,
        namespace: DEFAULT_NAMESPACE,
        tenant: null,
      });
      const json = wantsJson(command);
      const result = await runDemo({
        url,
        operatorToken,
        events: options.events,
        timeoutMs: options.timeout,
        log: json ? (line) => process.stderr.write(`${line}\n`) : printLine,
      });
      if (json) printJson(result);
      if (!result.passed) process.exitCode = 1;
    });
}
