import { NATS_SECURITY_VARIABLES } from '@wharf/event-store';
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

/** The NATS credential and TLS variables set in `env` (names only). */
export function natsSecurityVariablesIn(env: NodeJS.ProcessEnv): string[] {
  return NATS_SECURITY_VARIABLES.filter((name) => env[name] !== undefined && env[name] !== '');
}

/**
 * `env` without NATS credentials and TLS settings. They are for a NATS run elsewhere
 * (WHARF_NATS_URL); the nats-server `wharf up` starts on loopback asks for none, and a TLS setting
 * would make the services refuse its plain connections.
 */
export function withoutNatsSecurity(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const rest = { ...env };
  for (const name of NATS_SECURITY_VARIABLES) delete rest[name];
  return rest;
}
