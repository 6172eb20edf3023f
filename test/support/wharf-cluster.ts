import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, RunningService, StackMember, WharfApp, WHARF_APPS, WharfStack } from '@wharf/launcher';

export interface WharfClusterOptions {
  /** Extra environment for every service (on top of the cluster's own settings). */
  env?: NodeJS.ProcessEnv;
  /**
   * An external NATS to use instead of starting one (with `env` carrying its credentials and TLS
   * settings); the caller starts and stops it.
   */
  natsUrl?: string;
  /** Which apps to run; default all four. */
  apps?: readonly WharfApp[];
  /**
   * Wait for the tenant service to write `<data>/operator.token` (default: when the tenant service
   * is started).
   */
  waitForOperatorToken?: boolean;
}

export interface ServiceInfo {
  url: string;
  port: number;
  pid: number;
  logFile: string;
}

export interface WharfCluster {
  /** The edge's base URL (what clients use as WHARF_URL). */
  url: string;
  natsUrl: string;
  dataDir: string;
  /** The environment the services run with (to start another instance of one). */
  env: NodeJS.ProcessEnv;
  /** The operator token; empty when the cluster did not wait for it. */
  operatorToken: string;
  /** The apps' current addresses and PIDs (PIDs change on restart). */
  services: Partial<Record<WharfApp, ServiceInfo>>;
  /** SIGKILL by PID, as a crash would. */
  kill(member: StackMember): Promise<void>;
  /** Starts it again (stopping it first if it runs) with the same environment and port. */
  restart(member: StackMember): Promise<void>;
  /** Stops everything by PID and removes the data folder. */
  stop(): Promise<void>;
}

const OPERATOR_TOKEN_TIMEOUT_MS = 30_000;

async function readOperatorToken(file: string): Promise<string> {
  const deadline = Date.now() + OPERATOR_TOKEN_TIMEOUT_MS;
  for (;;) {
    if (existsSync(file)) {
      const token = readFileSync(file, 'utf8').trim();
      if (token !== '') return token;
    }
    if (Date.now() > deadline)
      throw new Error(`the tenant service did not write ${file} within ${OPERATOR_TOKEN_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The parent's environment without Wharf settings, so a developer's shell cannot leak into a test. */
function neutralEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('WHARF_')));
}

/**
 * A whole Wharf for an end-to-end test: its own nats-server (unless `natsUrl` names one) and data
 * folder, the services as separate processes from dist/ (run `npm run -s build` first), each on a
 * free port.
 */
export async function startWharfCluster(options: WharfClusterOptions = {}): Promise<WharfCluster> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wharf-cluster-'));
  const apps = options.apps ?? WHARF_APPS;
  const ports = {} as Record<WharfApp, number>;
  for (const app of WHARF_APPS) ports[app] = await freePort();
  let stack: WharfStack;
  try {
    stack = await WharfStack.start({
      dataDir,
      // Seals land every few seconds in any tenant with new events, which would move the stream
      // under tests that check it stood still; tests of sealing turn it on.
      baseEnv: { ...neutralEnv(), WHARF_SEALING: 'false', ...(options.env ?? {}) },
      host: '127.0.0.1',
      ports,
      natsUrl: options.natsUrl,
      natsPort: options.natsUrl === undefined ? await freePort() : undefined,
      apps,
    });
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }

  const services: Partial<Record<WharfApp, ServiceInfo>> = {};
  const record = (app: WharfApp, running: RunningService | undefined) => {
    if (running)
      services[app] = { url: running.url, port: running.port, pid: running.pid, logFile: stack.logFile(app) };
  };
  for (const app of apps) record(app, stack.service(app));

  let operatorToken = '';
  if (options.waitForOperatorToken ?? apps.includes('tenant')) {
    try {
      operatorToken = await readOperatorToken(join(dataDir, 'operator.token'));
    } catch (err) {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
      throw err;
    }
  }

  return {
    url: `http://127.0.0.1:${ports.edge}`,
    natsUrl: stack.natsUrl,
    dataDir,
    env: stack.env,
    operatorToken,
    services,
    kill: (member) => stack.kill(member),
    async restart(member) {
      await stack.restart(member);
      if (member !== 'nats') record(member, stack.service(member));
    },
    async stop() {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
