import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NATS_SERVER_BIN = process.env.WHARF_NATS_SERVER_BIN ?? 'nats-server';

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1');
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
}

export interface RunningNats {
  url: string;
  port: number;
  storeDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface NatsServerOptions {
  /** More command-line arguments for nats-server. */
  args?: string[];
  /** Require this user and password from every client. */
  user?: string;
  password?: string;
  /** Require this token from every client. */
  token?: string;
  /** Serve TLS only, with this certificate; `clientCaFile` also requires client certificates signed by it. */
  tls?: { certFile: string; keyFile: string; clientCaFile?: string };
}

function securityArgs(options: NatsServerOptions): string[] {
  const args: string[] = [];
  if (options.user !== undefined) args.push('--user', options.user, '--pass', options.password ?? '');
  if (options.token !== undefined) args.push('--auth', options.token);
  if (options.tls !== undefined) {
    args.push('--tlscert', options.tls.certFile, '--tlskey', options.tls.keyFile);
    if (options.tls.clientCaFile === undefined) args.push('--tls');
    else args.push('--tlsverify', '--tlscacert', options.tls.clientCaFile);
  }
  return args;
}

/**
 * Spawns a real nats-server with JetStream on a free loopback port and a temporary store; `stop()`
 * ends it by PID and removes the store. Extra arguments, or options that make it require
 * credentials or TLS, may be given.
 */
export async function startNatsServer(argsOrOptions: string[] | NatsServerOptions = []): Promise<RunningNats> {
  const options: NatsServerOptions = Array.isArray(argsOrOptions) ? { args: argsOrOptions } : argsOrOptions;
  const extraArgs = [...securityArgs(options), ...(options.args ?? [])];
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'wharf-nats-'));
  const child = spawn(NATS_SERVER_BIN, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir, ...extraArgs], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPort(port);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`nats-server did not start: ${(err as Error).message}\n${stderr}`);
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    process: child,
    async stop() {
      if (child.exitCode === null && child.pid !== undefined) {
        process.kill(child.pid, 'SIGTERM');
        const timer = setTimeout(
          () => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'),
          5_000,
        );
        await exited;
        clearTimeout(timer);
      }
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
