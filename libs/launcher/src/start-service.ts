import { isPortFree } from './ports';
import { appEntryPoint, findRepoRoot, pathHook } from './repo-paths';
import { httpStatus, waitUntilReady } from './readiness';
import { ProcessExit, SupervisedProcess } from './supervised-process';
import { appPort, displayName, healthPath, portVariable, reachableHost, WharfApp } from './wharf-apps';

export interface StartServiceOptions {
  /** The service's whole environment; its port and host are read from it as the service will. */
  env: NodeJS.ProcessEnv;
  logFile?: string;
  cwd?: string;
  repoRoot?: string;
  /** How long to wait for the health route (a service first catches its read model up). */
  timeoutMs?: number;
}

export interface RunningService {
  app: WharfApp;
  pid: number;
  port: number;
  /** Base URL a client on this machine uses. */
  url: string;
  logFile: string | undefined;
  process: SupervisedProcess;
  exited: Promise<ProcessExit>;
  /** SIGTERM by PID, SIGKILL after `graceMs` (default 10 s); resolves when it has exited. */
  stop(graceMs?: number): Promise<ProcessExit>;
  /** SIGKILL by PID; resolves when it has exited. */
  kill(): Promise<ProcessExit>;
}

/**
 * Runs one compiled Wharf app (`node -r scripts/register-paths.js dist/apps/<app>/src/main.js`) and
 * resolves once `GET /api/v1/health/<app>` answers 200. If it exits first or does not answer in
 * time, it is killed and the error carries the tail of its output.
 */
export async function startService(app: WharfApp, options: StartServiceOptions): Promise<RunningService> {
  const repoRoot = options.repoRoot ?? findRepoRoot();
  const entry = appEntryPoint(app, repoRoot);
  const port = appPort(app, options.env);
  const bindHost = options.env.WHARF_HOST || '127.0.0.1';
  // Checked first so that another process on the port is not mistaken for this one being healthy.
  if (!(await isPortFree(port, bindHost))) {
    throw new Error(
      `cannot start ${displayName(app)}: ${bindHost}:${port} is already in use (stop what uses it or set ${portVariable(app)})`,
    );
  }
  const url = `http://${reachableHost(bindHost)}:${port}`;
  // Colour codes make a log file hard to read; a caller that wants them sets FORCE_COLOR.
  const env =
    options.logFile !== undefined && options.env.FORCE_COLOR === undefined
      ? { NO_COLOR: '1', ...options.env }
      : options.env;
  const child = SupervisedProcess.spawn(process.execPath, ['-r', pathHook(repoRoot), entry], {
    env,
    cwd: options.cwd,
    logFile: options.logFile,
    label: displayName(app),
  });
  const health = `${url}${healthPath(app)}`;
  try {
    await waitUntilReady(
      child,
      `answer GET ${healthPath(app)}`,
      async () => (await httpStatus(health)) === 200,
      options.timeoutMs ?? 60_000,
    );
  } catch (err) {
    await child.kill();
    throw err;
  }
  return {
    app,
    pid: child.pid,
    port,
    url,
    logFile: options.logFile,
    process: child,
    exited: child.exited,
    stop: (graceMs) => child.stop(graceMs),
    kill: () => child.kill(),
  };
}
