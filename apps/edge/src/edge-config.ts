// The one Nest-free file of the service kit that holds the limits: the edge stays plain node:http,
// and the services and the edge read the same variables with the same defaults.
import { RequestLimits, requestLimitsFromEnv } from '../../../libs/service-kit/src/request-limits';
import { Upstream, UPSTREAMS } from './route-for';

export interface EdgeConfig {
  host: string;
  port: number;
  upstreams: Readonly<Record<Upstream, URL>>;
  /** The edge refuses a request over these itself, before any service sees it. */
  limits: Pick<RequestLimits, 'maxBodyBytes' | 'maxHeaderBytes'>;
}

const DEFAULT_UPSTREAM_PORTS: Readonly<Record<Upstream, number>> = { tenant: 8081, registry: 8082, dispatch: 8083 };

function upstreamUrl(env: NodeJS.ProcessEnv, service: Upstream): URL {
  const name = `WHARF_${service.toUpperCase()}_URL`;
  const raw = env[name] || `http://127.0.0.1:${DEFAULT_UPSTREAM_PORTS[service]}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${name} must be an http:// URL, not "${raw}"`);
  }
  if (url.protocol !== 'http:') throw new Error(`${name} must be an http:// URL, not "${raw}"`);
  return url;
}

/**
 * WHARF_HOST, WHARF_PORT (default 8080), the services' base URLs WHARF_<SERVICE>_URL, and the
 * request limits (WHARF_MAX_BODY_BYTES, WHARF_MAX_HEADER_BYTES; the others are checked too, so a
 * bad value stops the edge as it stops the services).
 */
export function edgeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): EdgeConfig {
  const rawPort = env.WHARF_PORT;
  const port = rawPort === undefined || rawPort === '' ? 8080 : Number(rawPort);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`WHARF_PORT must be a TCP port (1-65535), not "${rawPort}"`);
  }
  const upstreams = Object.fromEntries(UPSTREAMS.map((s) => [s, upstreamUrl(env, s)])) as Record<Upstream, URL>;
  const { maxBodyBytes, maxHeaderBytes } = requestLimitsFromEnv(env);
  return { host: env.WHARF_HOST || '127.0.0.1', port, upstreams, limits: { maxBodyBytes, maxHeaderBytes } };
}
