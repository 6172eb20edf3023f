import { HttpClient } from './http-client';
import { WharfApiError } from './wharf-api-error';
import { WharfConnectionError } from './wharf-connection-error';

interface Sent {
  url: string;
  init: RequestInit;
}

function fakeFetch(answer: () => Response | Promise<Response>): { fetch: typeof fetch; sent: Sent[] } {
  const sent: Sent[] = [];
  const impl = (async (url: string | URL | Request, init?: RequestInit) => {
    sent.push({ url: String(url), init: init ?? {} });
    return answer();
  }) as typeof fetch;
  return { fetch: impl, sent };
}

const config = { url: 'http://wharf.test', token: 'wt_secret', namespace: 'alice' };

describe('HttpClient', () => {
  it('sends JSON with the bearer token and the namespace header, and parses the JSON answer', async () => {
    const { fetch, sent } = fakeFetch(() => new Response('{"eventId":"e1"}', { status: 202 }));
    const answer = await new HttpClient(config, fetch).request('POST', '/api/v1/events', { body: { key: 'k' } });
    expect(answer).toEqual({ eventId: 'e1' });
    expect(sent[0].url).toBe('http://wharf.test/api/v1/events');
    expect(sent[0].init.method).toBe('POST');
    expect(sent[0].init.body).toBe('{"key":"k"}');
    expect(sent[0].init.headers).toMatchObject({
      Authorization: 'Bearer wt_secret',
      'X-Wharf-Namespace': 'alice',
      'Content-Type': 'application/json',
    });
  });

  it('sends X-Wharf-Tenant only when a tenant is configured', async () => {
    const { fetch, sent } = fakeFetch(() => new Response('[]'));
    await new HttpClient({ ...config, tenant: 'acme' }, fetch).request('GET', '/api/v1/runs');
    await new HttpClient(config, fetch).request('GET', '/api/v1/runs');
    expect(sent[0].init.headers).toMatchObject({ 'X-Wharf-Tenant': 'acme', 'X-Wharf-Namespace': 'alice' });
    expect(sent[1].init.headers).not.toHaveProperty('X-Wharf-Tenant');
  });

  it('leaves out undefined query parameters', async () => {
    const { fetch, sent } = fakeFetch(() => new Response('[]'));
    await new HttpClient(config, fetch).request('GET', '/api/v1/runs', {
      query: { status: 'failed', workflow: undefined, limit: 5 },
    });
    expect(sent[0].url).toBe('http://wharf.test/api/v1/runs?status=failed&limit=5');
  });

  it('sends no Authorization header without a token', async () => {
    const { fetch, sent } = fakeFetch(() => new Response('{}'));
    await new HttpClient({ url: 'http://wharf.test', namespace: 'default' }, fetch).request(
      'GET',
      '/api/v1/health/tenant',
    );
    expect(sent[0].init.headers).not.toHaveProperty('Authorization');
  });

  it('turns an error answer into a WharfApiError with field and rule', async () => {
    const body = {
      statusCode: 400,
      error: 'Bad Request',
      message: 'name: must not be empty',
      field: 'name',
      rule: 'must not be empty',
    };
    const { fetch } = fakeFetch(() => new Response(JSON.stringify(body), { status: 400, statusText: 'Bad Request' }));
    const error = await new HttpClient(config, fetch)
      .request('POST', '/api/v1/workers', { body: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WharfApiError);
    expect(error).toMatchObject({
      status: 400,
      field: 'name',
      rule: 'must not be empty',
      message: 'name: must not be empty',
    });
  });

  it('says how to configure a token when a request without one is refused', async () => {
    const { fetch } = fakeFetch(
      () => new Response('{"statusCode":401,"error":"Unauthorized","message":"missing bearer token"}', { status: 401 }),
    );
    const error = (await new HttpClient({ url: 'http://wharf.test', namespace: 'default' }, fetch)
      .request('GET', '/api/v1/runs')
      .catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('missing bearer token');
    expect(error.message).toContain('WHARF_TOKEN');
  });

  it('turns a failed fetch into a WharfConnectionError naming the base URL, never the token', async () => {
    const { fetch } = fakeFetch(() => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      });
    });
    const error = (await new HttpClient(config, fetch)
      .request('GET', '/api/v1/runs')
      .catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(WharfConnectionError);
    expect(error.message).toContain('http://wharf.test');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).not.toContain('wt_secret');
  });

  it('accepts an empty success body', async () => {
    const { fetch } = fakeFetch(() => new Response(null, { status: 200 }));
    await expect(new HttpClient(config, fetch).request('DELETE', '/api/v1/workers/w1')).resolves.toBeUndefined();
  });
});
