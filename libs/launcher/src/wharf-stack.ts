import { join } from 'node:path';
import { isPortFree } from './ports';
import { RunningNats, startNats } from './start-nats';
import { RunningService, startService } from './start-service';
import { ProcessExit } from './supervised-process';
import { displayName, portVariable, WharfApp, WHARF_APPS } from './wharf-apps';
import { natsSecurityVariablesIn, wharfEnvironment, withoutNatsSecurity } from './wharf-environment';

export type StackMember = WharfApp | 'nats';

export interface WharfStackOptions {
  dataDir: string;
  /**
   * Variables every process inherits; the stack adds data dir, NATS URL, host, ports and upstream
   * URLs. NATS credentials and TLS settings (WHARF_NATS_USER, WHARF_NATS_TLS_CA_FILE, ...) reach the
   * services only with an external NATS (`natsUrl`).
   */
  baseEnv: NodeJS.ProcessEnv;
  host: string;
  ports: Readonly<Record<WharfApp, number>>;
  /** An existing NATS to use; when absent a nats-server is started with its store in `<dataDir>/nats`. */
  natsUrl?: string;
  /** Port for the started nats-server (default 4222, or a free one when that is taken). */
  natsPort?: number;
  /** Which apps to run (always started in the order tenant, registry, dispatch, edge). Default all. */
  apps?: readonly WharfApp[];
  /** Per-service health timeout. */
  timeoutMs?: number;
  repoRoot?: string;
  /** Progress lines ("tenant service up on ..."). */
  onProgress?: (line: string) => void;
  /** Aborts a start in progress: what was started is stopped and `start` rejects. */
  signal?: AbortSignal;
}

export interface UnexpectedExit {
  member: StackMember;
  pid: number;
  exit: ProcessExit;
  logFile: string;
}

/**
 * A set of Wharf processes run as one installation: nats-server (unless one is given), then the
 * services, then the edge; stopped in the reverse order. Everything is stopped by PID. A process
 * that exits without being asked to is reported through `unexpectedExit`.
 */
export class WharfStack {
  readonly env: NodeJS.ProcessEnv;
  readonly logsDir: string;
  private nats: RunningNats | undefined;
  private readonly services = new Map<WharfApp, RunningService>();
  private readonly apps: readonly WharfApp[];
  private stopping = false;
  /** PIDs killed or restarted on purpose: their exits are not failures. */
  private readonly deliberate = new Set<number>();
  private reportExit: (exit: UnexpectedExit) => void = () => undefined;
  /** Resolves with the first process that exited on its own (never resolves if none does). */
  readonly unexpectedExit: Promise<UnexpectedExit>;

  private constructor(
    private readonly options: WharfStackOptions,
    readonly natsUrl: string,
    nats: RunningNats | undefined,
  ) {
    this.nats = nats;
    this.apps = WHARF_APPS.filter((app) => (options.apps ?? WHARF_APPS).includes(app));
    this.logsDir = join(options.dataDir, 'logs');
    this.env = wharfEnvironment({
      base: nats === undefined ? options.baseEnv : withoutNatsSecurity(options.baseEnv),
      dataDir: options.dataDir,
      natsUrl,
      host: options.host,
      ports: options.ports,
    });
    this.unexpectedExit = new Promise((resolve) => (this.reportExit = resolve));
    if (nats) this.watch('nats', nats.pid, nats.exited);
  }

  static async start(options: WharfStackOptions): Promise<WharfStack> {
    const apps = options.apps ?? WHARF_APPS;
    // Before anything starts: a second `wharf up` on the same data folder must not reach its NATS store.
    for (const app of apps) {
      if (!(await isPortFree(options.ports[app], options.host))) {
        throw new Error(
          `port ${options.ports[app]} for ${displayName(app)} is already in use on ${options.host}: stop what uses it or set ${portVariable(app)}`,
        );
      }
    }
    let nats: RunningNats | undefined;
    if (options.natsUrl === undefined) {
      nats = await startNats({
        dataDir: options.dataDir,
        port: options.natsPort,
        logFile: join(options.dataDir, 'logs', 'nats.log'),
      });
      const moved =
        nats.port === nats.requestedPort ? '' : ` (port ${nats.requestedPort} is taken, so a free port is used)`;
      options.onProgress?.(`nats-server is up on ${nats.url}${moved}, store in ${nats.storeDir}`);
      const ignored = natsSecurityVariablesIn(options.baseEnv);
      if (ignored.length > 0) {
        options.onProgress?.(
          `ignoring ${ignored.join(', ')}: they are for an external NATS (set WHARF_NATS_URL to use one); the nats-server started here needs none`,
        );
      }
    }
    const stack = new WharfStack(options, options.natsUrl ?? (nats as RunningNats).url, nats);
    try {
      for (const app of stack.apps) {
        options.signal?.throwIfAborted();
        await stack.startApp(app);
      }
      options.signal?.throwIfAborted();
    } catch (err) {
      await stack.stop();
      throw err;
    }
    return stack;
  }

  logFile(member: StackMember): string {
    return join(this.logsDir, `${member}.log`);
  }

  service(app: WharfApp): RunningService | undefined {
    return this.services.get(app);
  }

  get natsServer(): RunningNats | undefined {
    return this.nats;
  }

  /** SIGKILL by PID; the exit is expected and not reported. */
  async kill(member: StackMember): Promise<void> {
    const running = member === 'nats' ? this.nats : this.services.get(member);
    if (running === undefined) throw new Error(`${member} is not part of this stack`);
    this.deliberate.add(running.pid);
    await running.kill();
  }

  /** Stops (if running) and starts again with the same environment and port. */
  async restart(member: StackMember): Promise<void> {
    if (member === 'nats') {
      const nats = this.nats;
      if (nats === undefined) throw new Error('this stack uses an external NATS');
      this.deliberate.add(nats.pid);
      await nats.stop();
      this.nats = await startNats({
        dataDir: this.options.dataDir,
        port: nats.port,
        strictPort: true,
        logFile: this.logFile('nats'),
      });
      this.watch('nats', this.nats.pid, this.nats.exited);
      return;
    }
    const running = this.services.get(member);
    if (running === undefined) throw new Error(`${member} is not part of this stack`);
    this.deliberate.add(running.pid);
    await running.stop();
    await this.startApp(member);
  }

  /** Stops everything, edge first and NATS last, each by PID (SIGTERM, then SIGKILL after a grace period). */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const app of [...this.apps].reverse()) {
      const running = this.services.get(app);
      if (running === undefined || !running.process.isRunning()) continue;
      this.options.onProgress?.(`stopping ${displayName(app)} (pid ${running.pid})`);
      await running.stop();
    }
    if (this.nats !== undefined && this.nats.process.isRunning()) {
      this.options.onProgress?.(`stopping nats-server (pid ${this.nats.pid})`);
      await this.nats.stop();
    }
  }

  private async startApp(app: WharfApp): Promise<void> {
    const running = await startService(app, {
      env: this.env,
      logFile: this.logFile(app),
      repoRoot: this.options.repoRoot,
      timeoutMs: this.options.timeoutMs,
    });
    this.services.set(app, running);
    this.watch(app, running.pid, running.exited);
    this.options.onProgress?.(`${displayName(app)} is up on ${running.url} (pid ${running.pid})`);
  }

  /** Reports an exit unless the stack is stopping or the process was replaced or killed on purpose. */
  private watch(member: StackMember, pid: number, exited: Promise<ProcessExit>): void {
    void exited.then((exit) => {
      const current = member === 'nats' ? this.nats : this.services.get(member);
      if (this.stopping || current?.pid !== pid || this.deliberate.has(pid)) return;
      this.reportExit({ member, pid, exit, logFile: this.logFile(member) });
    });
  }
}
