import { pathOf, routeFor } from './route-for';

describe('routeFor (the routing table of the README, HTTP API)', () => {
  it.each([
    ['POST', '/api/v1/tenants', 'tenant'],
    ['GET', '/api/v1/tenants', 'tenant'],
    ['GET', '/api/v1/tenants/acme', 'tenant'],
    ['POST', '/api/v1/tenants/acme/tokens', 'tenant'],
    ['PATCH', '/api/v1/tenants/acme', 'tenant'],
    ['POST', '/api/v1/tenants/acme/archive', 'tenant'],
    ['DELETE', '/api/v1/tenants/acme/tokens/0123456789abcdef', 'tenant'],
    ['POST', '/api/v1/operator/token/rotate', 'tenant'],
    ['GET', '/api/v1/workers', 'registry'],
    ['POST', '/api/v1/workers', 'registry'],
    ['GET', '/api/v1/workers/w1', 'registry'],
    ['POST', '/api/v1/workers/w1/heartbeat', 'registry'],
    ['DELETE', '/api/v1/workers/w1', 'registry'],
    ['POST', '/api/v1/workflows', 'registry'],
    ['GET', '/api/v1/workflows/welcome', 'registry'],
    ['GET', '/api/v1/namespaces', 'registry'],
    ['GET', '/api/v1/workers/w1/assignments', 'dispatch'],
    ['POST', '/api/v1/events', 'dispatch'],
    ['GET', '/api/v1/events/e1', 'dispatch'],
    ['GET', '/api/v1/runs', 'dispatch'],
    ['GET', '/api/v1/runs/r1', 'dispatch'],
    ['POST', '/api/v1/step-runs/s1/completed', 'dispatch'],
    ['POST', '/api/v1/crons', 'dispatch'],
    ['DELETE', '/api/v1/crons/nightly', 'dispatch'],
    ['POST', '/api/v1/scheduled-runs', 'dispatch'],
    ['GET', '/api/v1/scheduled-runs/s1', 'dispatch'],
    ['GET', '/api/v1/audit/dispatches', 'dispatch'],
    ['GET', '/api/v1/audit/acts', 'dispatch'],
    ['POST', '/api/v1/replays', 'dispatch'],
    ['GET', '/api/v1/replays/r1', 'dispatch'],
    ['GET', '/api/v1/history/verify', 'tenant'],
    ['GET', '/api/v1/history/seals', 'tenant'],
    ['GET', '/api/v1/health/tenant', 'tenant'],
    ['GET', '/api/v1/health/registry', 'registry'],
    ['GET', '/api/v1/health/dispatch', 'dispatch'],
    ['GET', '/api/docs/tenant.json', 'tenant'],
    ['GET', '/api/docs/registry', 'registry'],
    ['GET', '/api/docs/dispatch/swagger-ui.css', 'dispatch'],
    ['GET', '/api/v1/health/edge', 'edge'],
    ['GET', '/api/v1/openapi.json', 'edge'],
    ['HEAD', '/api/v1/openapi.json', 'edge'],
  ])('%s %s goes to %s', (method, path, expected) => {
    expect(routeFor(method, path)).toBe(expected);
  });

  it.each([
    ['GET', '/'],
    ['GET', '/api/v1'],
    ['GET', '/api/v1/tenantsfoo'],
    ['GET', '/api/v1/namespacesx'],
    ['POST', '/api/v1/operatorx/token/rotate'],
    ['GET', '/api/v1/workersx/w1/assignments'],
    ['GET', '/api/v1/health/nobody'],
    ['GET', '/api/v1/health'],
    ['GET', '/api/docs/other.json'],
    ['POST', '/api/v1/openapi.json'],
    ['DELETE', '/api/v1/health/edge'],
  ])("%s %s is nobody's", (method, path) => {
    expect(routeFor(method, path)).toBeNull();
  });

  it('routes only the exact assignments stream of one worker to dispatch', () => {
    expect(routeFor('GET', '/api/v1/workers/w1/assignments/extra')).toBe('registry');
    expect(routeFor('GET', '/api/v1/workers//assignments')).toBe('registry');
  });
});

describe('pathOf', () => {
  it('drops the query string', () => {
    expect(pathOf('/api/v1/runs?status=running&limit=5')).toBe('/api/v1/runs');
    expect(pathOf('/api/v1/runs')).toBe('/api/v1/runs');
  });
});
