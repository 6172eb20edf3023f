import { readDotEnv, WharfConfigError, WharfConfigOptions } from './wharf-config';

/** Worker settings read from the environment; a worker's own options win over them. */
export interface WorkerSettings {
  /** WHARF_HEARTBEAT_INTERVAL_MS */
  heartbeatIntervalMs?: number;
}

/**
 * Reads WHARF_HEARTBEAT_INTERVAL_MS from the environment, else the `.env` file of the working
 * directory. An empty variable counts as unset; anything but a positive whole number of
 * milliseconds is a WharfConfigError, raised when the client is built.
 */
export function resolveWorkerSettings(options: Pick<WharfConfigOptions, 'env' | 'cwd'> = {}): WorkerSettings {
  const env = options.env ?? process.env;
  const name = 'WHARF_HEARTBEAT_INTERVAL_MS';
  let raw = env[name];
  let origin = name;
  if (raw === undefined || raw === '') {
    raw = readDotEnv(options.cwd ?? process.cwd())[name];
    origin = `${name} in .env`;
  }
  if (raw === undefined || raw === '') return {};
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new WharfConfigError(
      'heartbeatIntervalMs',
      'must be a positive whole number of milliseconds',
      `the heartbeat interval "${raw}" (${origin}) must be a positive whole number of milliseconds`,
    );
  }
  return { heartbeatIntervalMs: value };
}
