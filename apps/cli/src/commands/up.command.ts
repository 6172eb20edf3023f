import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { connectNats } from '@wharf/event-store';
import {
  appPort,
  describeExit,
  displayName,
  natsPortFromEnv,
  reachableHost,
  WHARF_APPS,
  WharfApp,
  WharfStack,
} from '@wharf/launcher';

function say(line: string): void {
  console.log(`wharf: ${line}`);
}

/** A NATS URL as it may be printed: user and password removed. */
function withoutCredentials(urls: string): string {
  return urls.replace(/\/\/[^/@,]*@/g, '//');
}

/**
 * Connects once to the NATS that WHARF_NATS_URL names, so wrong credentials or TLS settings are
 * reported in one line before any service starts (rather than in a service's log).
 */
async function checkExternalNats(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    const nc = await connectNats(env, 'wharf-up');
    await nc.close();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * Runs the whole of Wharf on this machine until Ctrl-C: nats-server (unless WHARF_NATS_URL points
 * at one), the tenant, registry and dispatch services, then the edge. Resolves to the exit code.
 */
export async function up(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const dataDir = resolve(env.WHARF_DATA_DIR || '.wharf');
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  const host = env.WHARF_HOST || '127.0.0.1';
  let ports: Record<WharfApp, number>;
  let natsPort: number | undefined;
  try {
    ports = Object.fromEntries(WHARF_APPS.map((app) => [app, appPort(app, env)])) as Record<WharfApp, number>;
    natsPort = natsPortFromEnv(env);
  } catch (err) {
    console.error(`wharf: ${(err as Error).message}`);
    return 1;
  }

  // The children run in their own process groups, so Ctrl-C reaches only this process, which then
  // stops them in order. A second Ctrl-C stops waiting and kills whatever is left.
  const aborter = new AbortController();
  let signalled: NodeJS.Signals | null = null;
  const stopRequested = new Promise<NodeJS.Signals>((resolveSignal) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (signalled !== null) {
        console.error('wharf: stopping without waiting');
        process.exit(130);
      }
      signalled = signal;
      aborter.abort();
      resolveSignal(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    // A closed terminal hangs up only this process group, not the children's.
    process.on('SIGHUP', onSignal);
  });

  say(`data folder ${dataDir}`);
  const natsUrl = env.WHARF_NATS_URL || undefined;
  if (natsUrl !== undefined) {
    const problem = await checkExternalNats(env);
    if (problem !== undefined) {
      console.error(`wharf: could not start: ${problem}`);
      return 1;
    }
  }
  let stack: WharfStack;
  try {
    stack = await WharfStack.start({
      dataDir,
      baseEnv: env,
      host,
      ports,
      natsUrl,
      natsPort,
      onProgress: say,
      signal: aborter.signal,
    });
  } catch (err) {
    if (signalled !== null) {
      say('stopped before it was up');
      return 0;
    }
    console.error(`wharf: could not start: ${(err as Error).message}`);
    return 1;
  }

  say(`Wharf is up at http://${reachableHost(host)}:${ports.edge}`);
  say(`operator token: ${join(dataDir, 'operator.token')} (keep it secret; it opens every tenant)`);
  say(`NATS: ${withoutCredentials(stack.natsUrl)}`);
  say(`logs: ${stack.logsDir}`);
  say('press Ctrl-C to stop');

  const outcome = await Promise.race([
    stopRequested.then((signal) => ({ signal }) as const),
    stack.unexpectedExit.then((exit) => ({ exit }) as const),
  ]);
  if ('signal' in outcome) {
    say(`${outcome.signal}: stopping`);
    await stack.stop();
    say('stopped');
    return 0;
  }
  const { member, pid, exit, logFile } = outcome.exit;
  console.error(`wharf: ${displayName(member)} (pid ${pid}) ${describeExit(exit)}; see ${logFile}`);
  say('stopping the rest');
  await stack.stop();
  return 1;
}

/** `wharf up` — what `npm start` runs. */
export function registerUpCommand(program: Command): void {
  program
    .command('up')
    .description(
      'run Wharf here: nats-server (unless WHARF_NATS_URL is set), the tenant, registry and dispatch services and the edge; Ctrl-C stops them',
    )
    .action(async () => {
      process.exitCode = await up();
      // Let the last lines reach the terminal; exit even if a stray handle would keep the loop alive.
      setTimeout(() => process.exit(), 1_000).unref();
    });
}
