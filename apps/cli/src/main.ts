import { Command } from 'commander';
import { registerAuditCommand } from './commands/audit.command';
import { registerCronsCommand } from './commands/crons.command';
import { registerDemoCommand } from './commands/demo.command';
import { registerEventsCommand } from './commands/events.command';
import { registerNamespacesCommand } from './commands/namespaces.command';
import { registerOperatorCommand } from './commands/operator.command';
import { registerRebuildCommand } from './commands/rebuild.command';
import { registerReplayCommand } from './commands/replay.command';
import { registerRunsCommand } from './commands/runs.command';
import { registerScheduledRunsCommand } from './commands/scheduled-runs.command';
import { registerTenantsCommand } from './commands/tenants.command';
import { registerTokensCommand } from './commands/tokens.command';
import { registerUpCommand } from './commands/up.command';
import { registerWorkersCommand } from './commands/workers.command';
import { registerWorkflowsCommand } from './commands/workflows.command';
import { errorMessage } from './commands/support/error-message';
import { addGlobalOptions } from './commands/support/global-options';

/** Every `wharf` command; each lives in `commands/<name>.command.ts` and registers itself here. */
const COMMANDS: readonly ((program: Command) => void)[] = [
  registerUpCommand,
  registerTenantsCommand,
  registerTokensCommand,
  registerOperatorCommand,
  registerEventsCommand,
  registerWorkersCommand,
  registerWorkflowsCommand,
  registerNamespacesCommand,
  registerRunsCommand,
  registerCronsCommand,
  registerScheduledRunsCommand,
  registerAuditCommand,
  registerReplayCommand,
  registerRebuildCommand,
  registerDemoCommand,
];

export function buildProgram(): Command {
  const program = addGlobalOptions(
    new Command('wharf').description(
      'Wharf: multi-tenant task dispatch. Talks HTTP to WHARF_URL with WHARF_TOKEN in WHARF_NAMESPACE.',
    ),
  );
  program.showHelpAfterError('(run with --help for usage)');
  for (const register of COMMANDS) register(program);
  return program;
}

/** Runs one CLI invocation: failures print `error: <message> (field: rule)` and set exit code 1. */
export async function runCli(argv: readonly string[] = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync([...argv]);
  } catch (err) {
    process.stderr.write(`error: ${errorMessage(err)}\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) void runCli();
