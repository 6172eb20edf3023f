import { request } from 'node:http';
import { Socket } from 'node:net';
import { describeExit, SupervisedProcess } from './supervised-process';

const POLL_MS = 100;

/** Raised when a started process does not become ready; the message carries its recent output. */
export class LaunchError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(output === '' ? message : `${message}\n--- last output ---\n${output}`);
    this.name = 'LaunchError';
  }
}

/** Whether a NATS server answers on host:port (it greets every client with an INFO line). */
export function natsGreets(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let greeting = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.on('data', (chunk: Buffer) => {
      greeting += chunk.toString('utf8');
      if (greeting.includes('\n')) done(greeting.startsWith('INFO '));
    });
    socket.connect(port, host);
  });
}

/** The HTTP status of GET url, or null when nothing answers within the timeout. */
export function httpStatus(url: string, timeoutMs = 2_000): Promise<number | null> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', timeout: timeoutMs, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? null);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(null));
    req.end();
  });
}

/**
 * Polls `probe` until it is true. Fails with the process's output when the process exits first or
 * the timeout passes, so a service that cannot start says why.
 */
export async function waitUntilReady(
  child: SupervisedProcess,
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exit: string | null = null;
  void child.exited.then((e) => (exit = describeExit(e)));
  for (;;) {
    if (exit !== null) {
      throw new LaunchError(`${child.label} ${exit} before it could ${what}${logHint(child)}`, child.outputTail());
    }
    if (await probe()) {
      if (child.isRunning()) return;
      // Something answers, but our process is gone: wait for its exit to be reported, then fail.
      await child.exited;
      continue;
    }
    if (Date.now() > deadline) {
      throw new LaunchError(
        `${child.label} did not ${what} within ${timeoutMs} ms${logHint(child)}`,
        child.outputTail(),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function logHint(child: SupervisedProcess): string {
  return child.logFile === undefined ? '' : ` (log: ${child.logFile})`;
}
