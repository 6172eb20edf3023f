export type Upstream = 'tenant' | 'registry' | 'dispatch';

/** Where a request goes: one of the services, or the edge itself (its health and the merged OpenAPI). */
export type Route = Upstream | 'edge';

export const UPSTREAMS: readonly Upstream[] = ['tenant', 'registry', 'dispatch'];

export const EDGE_HEALTH_PATH = '/api/v1/health/edge';
export const MERGED_OPENAPI_PATH = '/api/v1/openapi.json';

/** `/api/v1/<resource>` itself or anything below it, but not `/api/v1/<resource>foo`. */
function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** The routing table of the README (HTTP API): each resource and everything below it. */
const RESOURCE_ROUTES: readonly (readonly [string, Upstream])[] = [
  ['/api/v1/tenants', 'tenant'],
  ['/api/v1/operator', 'tenant'],
  ['/api/v1/history', 'tenant'],
  ['/api/v1/workers', 'registry'],
  ['/api/v1/workflows', 'registry'],
  ['/api/v1/namespaces', 'registry'],
  ['/api/v1/events', 'dispatch'],
  ['/api/v1/runs', 'dispatch'],
  ['/api/v1/step-runs', 'dispatch'],
  ['/api/v1/crons', 'dispatch'],
  ['/api/v1/scheduled-runs', 'dispatch'],
  ['/api/v1/audit', 'dispatch'],
  ['/api/v1/replays', 'dispatch'],
];

const WORKER_ASSIGNMENTS = /^\/api\/v1\/workers\/[^/]+\/assignments\/?$/;

/**
 * Who serves a request, per the routing table of the README (HTTP API); null when nobody does (the
 * edge answers 404). Service routes are chosen by path alone: the service itself answers a method
 * it does not support. The edge's own routes are read-only.
 */
export function routeFor(method: string, path: string): Route | null {
  if (path === EDGE_HEALTH_PATH || path === MERGED_OPENAPI_PATH) {
    return method === 'GET' || method === 'HEAD' ? 'edge' : null;
  }
  if (WORKER_ASSIGNMENTS.test(path)) return 'dispatch';
  for (const [prefix, upstream] of RESOURCE_ROUTES) if (under(path, prefix)) return upstream;
  for (const service of UPSTREAMS) {
    if (path === `/api/v1/health/${service}`) return service;
    if (path.startsWith(`/api/docs/${service}`)) return service;
  }
  return null;
}

/** The path of a request target, without its query string. */
export function pathOf(target: string): string {
  const query = target.indexOf('?');
  return query === -1 ? target : target.slice(0, query);
}
