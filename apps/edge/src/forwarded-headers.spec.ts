import { clientResponseHeaders, upstreamRequestHeaders } from './forwarded-headers';

describe('forwarded headers', () => {
  it('passes end-to-end headers through and drops hop-by-hop ones', () => {
    const out = upstreamRequestHeaders(
      {
        host: 'wharf.example:8080',
        authorization: 'Bearer t',
        'x-wharf-namespace': 'dev',
        'content-type': 'application/json',
        connection: 'keep-alive, x-session-hint',
        'keep-alive': 'timeout=5',
        'transfer-encoding': 'chunked',
        te: 'trailers',
        upgrade: 'websocket',
        'proxy-authorization': 'Basic x',
        'x-session-hint': 'per-connection',
      },
      '10.0.0.7',
    );
    expect(out).toEqual({
      host: 'wharf.example:8080',
      authorization: 'Bearer t',
      'x-wharf-namespace': 'dev',
      'content-type': 'application/json',
      'x-forwarded-for': '10.0.0.7',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'wharf.example:8080',
    });
  });

  it("appends the client to an existing X-Forwarded-For chain and keeps earlier proxies' proto and host", () => {
    const out = upstreamRequestHeaders(
      { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'api.example' },
      '10.0.0.7',
    );
    expect(out['x-forwarded-for']).toBe('203.0.113.9, 10.0.0.7');
    expect(out['x-forwarded-proto']).toBe('https');
    expect(out['x-forwarded-host']).toBe('api.example');
  });

  it("returns the service's response headers without hop-by-hop ones", () => {
    expect(
      clientResponseHeaders({
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'keep-alive': 'timeout=5',
        'transfer-encoding': 'chunked',
        'set-cookie': ['a=1', 'b=2'],
      }),
    ).toEqual({ 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'set-cookie': ['a=1', 'b=2'] });
  });
});
