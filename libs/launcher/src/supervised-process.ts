import { ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnOptions {
  /** The child's whole environment (nothing is inherited implicitly). */
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Output (stdout and stderr) is appended here; without it the recent output is kept in memory. */
  logFile?: string;
  /** What the process is called in messages and in the log's start marker. */
  label: string;
}

const DEFAULT_GRACE_MS = 10_000;
const TAIL_BYTES = 4_096;

/** Children still running, killed by PID if this process exits without stopping them. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) {
      if (child.pid !== undefined) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  });
}

function readFrom(file: string, start: number): string {
  const size = statSync(file).size;
  const from = Math.max(start, size - TAIL_BYTES);
  if (size <= from) return '';
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(size - from);
    readSync(fd, buffer, 0, buffer.length, from);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * A child process Wharf started and owns. It runs in its own process group so a terminal's Ctrl-C
 * reaches only the supervisor, which then stops the children one by one, in order, by PID.
 */
export class SupervisedProcess {
  /** Resolves when the process has exited, however that happened. */
  readonly exited: Promise<ProcessExit>;
  private memoryTail = '';

  private constructor(
    readonly label: string,
    private readonly child: ChildProcess,
    readonly logFile: string | undefined,
    private readonly logStart: number,
  ) {
    running.add(child);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        running.delete(child);
        resolve({ code, signal });
      });
      // A binary that cannot be run is reported as an 'error' and may never emit 'exit'.
      child.once('error', (err) => {
        running.delete(child);
        this.remember(Buffer.from(`cannot run ${label}: ${err.message}\n`));
        resolve({ code: null, signal: null });
      });
    });
    child.stdout?.on('data', (chunk: Buffer) => this.remember(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.remember(chunk));
  }

  static spawn(command: string, args: readonly string[], options: SpawnOptions): SupervisedProcess {
    installExitHook();
    let fd: number | undefined;
    let logStart = 0;
    if (options.logFile !== undefined) {
      mkdirSync(dirname(options.logFile), { recursive: true });
      appendFileSync(
        options.logFile,
        `\n--- ${options.label} starting at ${new Date().toISOString()}: ${command} ${args.join(' ')}\n`,
      );
      logStart = statSync(options.logFile).size;
      fd = openSync(options.logFile, 'a');
    }
    try {
      const child = spawn(command, args, {
        env: options.env,
        cwd: options.cwd,
        detached: true,
        stdio: fd === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', fd, fd],
      });
      return new SupervisedProcess(options.label, child, options.logFile, logStart);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  isRunning(): boolean {
    return (
      this.child.pid !== undefined &&
      this.child.exitCode === null &&
      this.child.signalCode === null &&
      running.has(this.child)
    );
  }

  /** The last few kilobytes the process wrote since it was started. */
  outputTail(): string {
    if (this.logFile !== undefined) {
      try {
        return (readFrom(this.logFile, this.logStart) + this.memoryTail).trimEnd();
      } catch {
        return this.memoryTail.trimEnd();
      }
    }
    return this.memoryTail.trimEnd();
  }

  /** SIGTERM by PID, SIGKILL when it has not exited after `graceMs`; resolves once it has exited. */
  async stop(graceMs = DEFAULT_GRACE_MS): Promise<ProcessExit> {
    if (!this.signal('SIGTERM')) return this.exited;
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGKILL by PID (a crash, as far as the process can tell); resolves once it has exited. */
  kill(): Promise<ProcessExit> {
    this.signal('SIGKILL');
    return this.exited;
  }

  private signal(signal: NodeJS.Signals): boolean {
    if (!this.isRunning()) return false;
    try {
      process.kill(this.pid, signal);
      return true;
    } catch {
      return false;
    }
  }

  private remember(chunk: Buffer): void {
    this.memoryTail = (this.memoryTail + chunk.toString('utf8')).slice(-TAIL_BYTES);
  }
}

export function describeExit(exit: ProcessExit): string {
  if (exit.signal !== null) return `killed by ${exit.signal}`;
  if (exit.code === null) return 'could not be started';
  return `exited with code ${exit.code}`;
}
