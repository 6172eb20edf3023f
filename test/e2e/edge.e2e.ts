import { createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { freePort, RunningService, startService } from '@wharf/launcher';
import { startWharfCluster, WharfCluster } from '../support/wharf-cluster';

jest.setTimeout(120_000);

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  field?: string;
}

interface MergedOpenApi {
  info: { title: string };
  paths: Record<string, unknown>;
  'x-wharf-missing-services'?: string[];
}

async function getJson<T = ErrorBody>(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { headers });
  return { status: res.status, body: (await res.json()) as T };
}

describe('edge in front of the tenant and registry services (separate processes)', () => {
  let cluster: WharfCluster;

  beforeAll(async () => {
    cluster = await startWharfCluster({ apps: ['tenant', 'registry', 'edge'] });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('answers its own health', async () => {
    expect(await getJson(`${cluster.url}/api/v1/health/edge`)).toEqual({ status: 200, body: { service: 'edge' } });
  });

  it("routes each service's health check to that service", async () => {
    for (const service of ['tenant', 'registry']) {
      const { status, body } = await getJson<{ service: string }>(`${cluster.url}/api/v1/health/${service}`);
      expect(status).toBe(200);
      expect(body.service).toBe(service);
    }
  });

  it('routes /api/v1/tenants to the tenant service and /api/v1/workers to the registry, whose 401 JSON comes back', async () => {
    for (const path of ['/api/v1/tenants', '/api/v1/workers', '/api/v1/workflows']) {
      const { status, body } = await getJson(`${cluster.url}${path}`);
      expect(status).toBe(401);
      expect(body).toMatchObject({ statusCode: 401, error: 'Unauthorized', field: 'authorization' });
    }
  });

  it('passes the bearer token through to the service', async () => {
    const { status, body } = await getJson<unknown>(`${cluster.url}/api/v1/tenants`, {
      authorization: `Bearer ${cluster.operatorToken}`,
    });
    expect(status).toBe(200);
    expect(Array.isArray(body)).toBe(true);
  });

  it('answers an unknown path with a 404 JSON error', async () => {
    const { status, body } = await getJson(`${cluster.url}/api/v2/nothing-here?x=1`);
    expect(status).toBe(404);
    expect(body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'no Wharf route for GET /api/v2/nothing-here',
    });
  });

  it("serves the running services' OpenAPI documents merged into one, naming the missing one", async () => {
    const { status, body } = await getJson<MergedOpenApi>(`${cluster.url}/api/v1/openapi.json`);
    expect(status).toBe(200);
    expect(body.info.title).toBe('Wharf API');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/health/tenant',
        '/api/v1/tenants',
        '/api/v1/health/registry',
        '/api/v1/workers',
      ]),
    );
    expect(body['x-wharf-missing-services']).toEqual(['dispatch']);
  });

  it('answers 502 JSON naming a service that is down, and routes to it again once it is back', async () => {
    const dispatch = await getJson(`${cluster.url}/api/v1/runs`);
    expect(dispatch.status).toBe(502);
    expect(dispatch.body).toMatchObject({ statusCode: 502, error: 'Bad Gateway' });
    expect(dispatch.body.message).toContain('dispatch service');

    await cluster.kill('registry');
    const down = await getJson(`${cluster.url}/api/v1/workers`);
    expect(down.status).toBe(502);
    expect(down.body.message).toContain('registry service');
    expect((await getJson(`${cluster.url}/api/v1/tenants`)).status).toBe(401);

    await cluster.restart('registry');
    expect((await getJson(`${cluster.url}/api/v1/workers`)).status).toBe(401);
  });
});

describe('edge start-up', () => {
  it('refuses an upstream URL that is not http://, and the launcher reports why', async () => {
    const start = startService('edge', {
      env: {
        PATH: process.env.PATH,
        WHARF_HOST: '127.0.0.1',
        WHARF_PORT: String(await freePort()),
        WHARF_TENANT_URL: 'ftp://tenant',
      },
    });
    await expect(start).rejects.toThrow(
      /the edge exited with code 1 before it could answer GET \/api\/v1\/health\/edge[\s\S]*WHARF_TENANT_URL must be an http:\/\/ URL, not "ftp:\/\/tenant"/,
    );
  });
});

/** A stand-in upstream in this process, so the test controls exactly when it writes and ends. */
describe('edge proxying (edge process in front of a scripted upstream)', () => {
  let upstream: Server;
  let edge: RunningService;
  let onRequest: (req: IncomingMessage, res: ServerResponse) => void = () => undefined;

  beforeAll(async () => {
    upstream = createServer((req, res) => onRequest(req, res));
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    edge = await startService('edge', {
      env: {
        PATH: process.env.PATH,
        WHARF_HOST: '127.0.0.1',
        WHARF_PORT: String(await freePort()),
        WHARF_TENANT_URL: upstreamUrl,
        WHARF_REGISTRY_URL: upstreamUrl,
        WHARF_DISPATCH_URL: upstreamUrl,
      },
    });
  });

  afterAll(async () => {
    await edge?.stop();
    upstream?.closeAllConnections();
    await new Promise((resolve) => upstream?.close(resolve));
  });

  it('forwards method, path, query, body and end-to-end headers; drops hop-by-hop ones; sets X-Forwarded-For', async () => {
    onRequest = (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.writeHead(202, { 'content-type': 'application/json', 'x-from': 'upstream' });
        res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
      });
    };
    interface Echo {
      method: string;
      url: string;
      headers: IncomingMessage['headers'];
      body: string;
    }
    const answer = await new Promise<{ status: number; headers: IncomingMessage['headers']; body: Echo }>(
      (resolve, reject) => {
        const req = request(
          `${edge.url}/api/v1/events?dry=1`,
          {
            method: 'POST',
            headers: {
              authorization: 'Bearer t',
              'x-wharf-namespace': 'dev',
              'content-type': 'application/json',
              connection: 'keep-alive, x-session-hint',
              'x-session-hint': 'only for this hop',
            },
          },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) }));
          },
        );
        req.once('error', reject);
        req.end('{"key":"user:created"}');
      },
    );
    expect(answer.status).toBe(202);
    expect(answer.headers['x-from']).toBe('upstream');
    expect(answer.body).toMatchObject({ method: 'POST', url: '/api/v1/events?dry=1', body: '{"key":"user:created"}' });
    expect(answer.body.headers).toMatchObject({
      authorization: 'Bearer t',
      'x-wharf-namespace': 'dev',
      'x-forwarded-proto': 'http',
    });
    expect(answer.body.headers['x-forwarded-for']).toMatch(/127\.0\.0\.1$/);
    expect(answer.body.headers['x-session-hint']).toBeUndefined();
  });

  it('streams server-sent events as they are written and closes the upstream when the client leaves', async () => {
    let writeNext: (data: string) => void = () => undefined;
    const upstreamClosed = new Promise<void>((resolveClosed) => {
      onRequest = (req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        writeNext = (data) => res.write(`event: assignment\ndata: ${data}\n\n`);
        writeNext('{"n":1}');
        res.once('close', () => resolveClosed());
      };
    });

    const received: string[] = [];
    let waiter: (() => void) | null = null;
    let buffer = '';
    const nextEvent = () => new Promise<void>((resolve) => (waiter = resolve));
    const firstEvent = nextEvent();
    let contentType: string | undefined;
    const client = request(`${edge.url}/api/v1/workers/w1/assignments`, (res) => {
      contentType = res.headers['content-type'];
      res.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          received.push(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          waiter?.();
        }
      });
    });
    client.end();

    // The upstream has not ended the response: an event that arrives now was not buffered.
    await firstEvent;
    expect(contentType).toBe('text/event-stream');
    expect(received).toEqual(['event: assignment\ndata: {"n":1}']);
    const secondEvent = nextEvent();
    writeNext('{"n":2}');
    await secondEvent;
    expect(received).toEqual(['event: assignment\ndata: {"n":1}', 'event: assignment\ndata: {"n":2}']);

    client.destroy();
    await upstreamClosed;
  });
});
