import { portVariable, reachableHost, upstreamUrlVariable, WHARF_APPS, WHARF_SERVICES, WharfApp } from './wharf-apps';

export interface WharfEnvironmentOptions {
  /** Variables every process inherits (PATH, and anything the caller sets). */
  base: NodeJS.ProcessEnv;
  dataDir: string;
  natsUrl: string;
  host: string;
  ports: Readonly<Record<WharfApp, number>>;
}

/**
 * One environment for all Wharf processes of an installation: each service reads its own port
 * from it, the edge reads the services' URLs.
 */
export function wharfEnvironment(options: WharfEnvironmentOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...options.base,
    WHARF_DATA_DIR: options.dataDir,
    WHARF_NATS_URL: options.natsUrl,
    WHARF_HOST: options.host,
  };
  for (const app of WHARF_APPS) env[portVariable(app)] = String(options.ports[app]);
  for (const service of WHARF_SERVICES) {
    env[upstreamUrlVariable(service)] = `http://${reachableHost(options.host)}:${options.ports[service]}`;
  }
  return env;
}
