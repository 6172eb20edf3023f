/**
 * The processes Wharf runs and how each is addressed. Kept here rather than imported from
 * @wharf/service-kit so the CLI and the test harness can launch services without loading Nest.
 */
export type WharfService = 'tenant' | 'registry' | 'dispatch';
export type WharfApp = WharfService | 'edge';

/** Start order; stopping goes the other way so the edge goes first and the services drain. */
export const WHARF_APPS: readonly WharfApp[] = ['tenant', 'registry', 'dispatch', 'edge'];
export const WHARF_SERVICES: readonly WharfService[] = ['tenant', 'registry', 'dispatch'];

export const DEFAULT_APP_PORTS: Readonly<Record<WharfApp, number>> = {
  edge: 8080,
  tenant: 8081,
  registry: 8082,
  dispatch: 8083,
};

export const DEFAULT_NATS_PORT = 4222;

/** The environment variable that sets an app's HTTP port (README, "Configuration"). */
export function portVariable(app: WharfApp): string {
  return app === 'edge' ? 'WHARF_PORT' : `WHARF_${app.toUpperCase()}_PORT`;
}

/** The environment variable the edge reads a service's base URL from. */
export function upstreamUrlVariable(service: WharfService): string {
  return `WHARF_${service.toUpperCase()}_URL`;
}

/** How messages name a process: "the tenant service", "the edge", "nats-server". */
export function displayName(member: WharfApp | 'nats'): string {
  if (member === 'nats') return 'nats-server';
  return member === 'edge' ? 'the edge' : `the ${member} service`;
}

export function healthPath(app: WharfApp): string {
  return `/api/v1/health/${app}`;
}

/** The port an app listens on given its environment; rejects values the service would reject. */
function portFromEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`${name} must be a TCP port (1-65535), not "${raw}"`);
  }
  return port;
}

export function appPort(app: WharfApp, env: NodeJS.ProcessEnv): number {
  return portFromEnv(env, portVariable(app)) ?? DEFAULT_APP_PORTS[app];
}

/** `WHARF_NATS_PORT`, the port of the nats-server `wharf up` spawns (undefined: its default). */
export function natsPortFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  return portFromEnv(env, 'WHARF_NATS_PORT');
}

/** Where a client on this machine reaches a server bound to `host` (a wildcard bind means loopback). */
export function reachableHost(host: string | undefined): string {
  if (host === undefined || host === '' || host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
