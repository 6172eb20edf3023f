import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, isPortFree } from './ports';
import { natsGreets, waitUntilReady } from './readiness';
import { ProcessExit, SupervisedProcess } from './supervised-process';
import { DEFAULT_NATS_PORT } from './wharf-apps';

export interface StartNatsOptions {
  /** The Wharf data folder; JetStream stores under `<dataDir>/nats`. */
  dataDir: string;
  /** Port to listen on (default 4222). When it is taken, a free port is used instead, unless `strictPort`. */
  port?: number;
  /** Fail instead of moving to a free port (a restart must come back where its clients look). */
  strictPort?: boolean;
  logFile?: string;
  /** The server binary (default: WHARF_NATS_SERVER_BIN, else `nats-server` on PATH). */
  bin?: string;
  timeoutMs?: number;
}

export interface RunningNats {
  url: string;
  port: number;
  /** The port that was asked for; differs from `port` when it was taken. */
  requestedPort: number;
  pid: number;
  storeDir: string;
  process: SupervisedProcess;
  exited: Promise<ProcessExit>;
  /** SIGTERM by PID (SIGKILL after a grace period); resolves when the server has exited. */
  stop(graceMs?: number): Promise<ProcessExit>;
  /** SIGKILL by PID. */
  kill(): Promise<ProcessExit>;
}

export function natsServerBin(env: NodeJS.ProcessEnv = process.env): string {
  return env.WHARF_NATS_SERVER_BIN || 'nats-server';
}

/**
 * Starts a JetStream-enabled nats-server on the loopback interface with its store in
 * `<dataDir>/nats` and resolves once it greets clients.
 */
export async function startNats(options: StartNatsOptions): Promise<RunningNats> {
  const host = '127.0.0.1';
  const requestedPort = options.port ?? DEFAULT_NATS_PORT;
  let port = requestedPort;
  if (!(await isPortFree(port, host))) {
    if (options.strictPort) throw new Error(`cannot start nats-server: ${host}:${port} is in use`);
    port = await freePort(host);
  }
  const storeDir = join(options.dataDir, 'nats');
  mkdirSync(storeDir, { recursive: true });
  const bin = options.bin ?? natsServerBin();
  const child = SupervisedProcess.spawn(bin, ['-a', host, '-p', String(port), '-js', '-sd', storeDir], {
    env: process.env,
    logFile: options.logFile,
    label: 'nats-server',
  });
  try {
    await waitUntilReady(
      child,
      `accept connections on ${host}:${port}`,
      () => natsGreets(host, port),
      options.timeoutMs ?? 15_000,
    );
  } catch (err) {
    await child.kill();
    throw err;
  }
  return {
    url: `nats://${host}:${port}`,
    port,
    requestedPort,
    pid: child.pid,
    storeDir,
    process: child,
    exited: child.exited,
    stop: (graceMs) => child.stop(graceMs),
    kill: () => child.kill(),
  };
}
