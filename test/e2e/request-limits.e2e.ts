import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore } from '@wharf/event-store';
import { freePort, startService, WharfApp } from '@wharf/launcher';
import { createTenant, TenantFixture } from '../support/tenant-fixture';
import { startWharfCluster, WharfCluster } from '../support/wharf-cluster';

jest.setTimeout(120_000);

/** Limits far below the defaults, so that each is reached with small requests. */
const LIMITS = {
  WHARF_MAX_BODY_BYTES: '4096',
  WHARF_MAX_HEADER_BYTES: '2048',
  WHARF_MAX_JSON_DEPTH: '4',
  WHARF_MAX_PAYLOAD_BYTES: '512',
  WHARF_MAX_EVENT_KEYS: '3',
  WHARF_MAX_WORKER_LABELS: '2',
};

interface Answer {
  status: number;
  body: { statusCode?: number; error?: string; message?: string; field?: string; rule?: string };
}

/** `depth` nested arrays around 1: `nestedArrays(2)` is `[[1]]`. */
function nestedArrays(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

const worker = (labels: Record<string, string>) => ({ name: 'w', actions: ['a:b'], labels });
const workflow = (eventKeys: string[]) => ({ name: 'wf', eventKeys, steps: [{ name: 's', action: 'a:b' }] });

interface Limit {
  name: string;
  service: 'registry' | 'dispatch';
  path: string;
  body: string;
  headers?: Record<string, string>;
  status: number;
  field: string;
  rule: string;
}

const OVER_LIMITS: Limit[] = [
  {
    name: 'a body over WHARF_MAX_BODY_BYTES',
    service: 'dispatch',
    path: '/api/v1/events',
    body: JSON.stringify({ key: 'a:b', metadata: { note: 'x'.repeat(5000) } }),
    status: 413,
    field: 'body',
    rule: 'at most 4096 bytes',
  },
  {
    name: 'a body nested deeper than WHARF_MAX_JSON_DEPTH',
    service: 'dispatch',
    path: '/api/v1/events',
    // The body is level 1, so a payload of 4 nested arrays makes 5 levels.
    body: JSON.stringify({ key: 'a:b', payload: nestedArrays(4) }),
    status: 400,
    field: 'body',
    rule: 'nested at most 4 levels deep',
  },
  {
    name: 'a payload over WHARF_MAX_PAYLOAD_BYTES',
    service: 'dispatch',
    path: '/api/v1/events',
    body: JSON.stringify({ key: 'a:b', payload: 'x'.repeat(511) }),
    status: 413,
    field: 'payload',
    rule: 'at most 512 bytes as JSON',
  },
  {
    name: 'a workflow with more event keys than WHARF_MAX_EVENT_KEYS',
    service: 'registry',
    path: '/api/v1/workflows',
    body: JSON.stringify(workflow(['k:1', 'k:2', 'k:3', 'k:4'])),
    status: 400,
    field: 'eventKeys',
    rule: 'eventKeys must name at most 3 event keys',
  },
  {
    name: 'a worker with more labels than WHARF_MAX_WORKER_LABELS',
    service: 'registry',
    path: '/api/v1/workers',
    body: JSON.stringify(worker({ a: '1', b: '2', c: '3' })),
    status: 400,
    field: 'labels',
    rule: 'labels must have at most 2 entries',
  },
  {
    name: 'headers over WHARF_MAX_HEADER_BYTES',
    service: 'dispatch',
    path: '/api/v1/events',
    body: JSON.stringify({ key: 'a:b' }),
    headers: { 'x-padding': 'p'.repeat(3000) },
    status: 431,
    field: 'headers',
    rule: 'at most 2048 bytes',
  },
  {
    name: 'JSON that is not UTF-8',
    service: 'dispatch',
    path: '/api/v1/events',
    body: JSON.stringify({ key: 'a:b' }),
    headers: { 'content-type': 'application/json; charset=utf-16le' },
    status: 415,
    field: 'content-type',
    rule: 'JSON must be sent as UTF-8',
  },
];

describe('request limits set through the environment', () => {
  let cluster: WharfCluster;
  let store: EventStore;
  let acme: TenantFixture;

  beforeAll(async () => {
    cluster = await startWharfCluster({ env: LIMITS });
    store = await EventStore.connect({ name: 'e2e-request-limits', env: { WHARF_NATS_URL: cluster.natsUrl } });
    acme = await createTenant(cluster, 'Acme Limits');
  });

  afterAll(async () => {
    await store?.close();
    await cluster?.stop();
  });

  async function post(base: string, path: string, body: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${acme.token}`, 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  }

  const routes = OVER_LIMITS.flatMap((limit) => [
    [`${limit.name}, through the edge`, 'edge', limit] as const,
    [`${limit.name}, straight to the ${limit.service} service`, limit.service, limit] as const,
  ]);

  it.each(routes)('refuses %s, naming the field and the rule; the stream does not move', async (_, via, limit) => {
    const base = via === 'edge' ? cluster.url : cluster.services[via as WharfApp]!.url;
    const before = await store.lastSeq();
    const answer = await post(base, limit.path, limit.body, limit.headers);
    expect(answer).toEqual({
      status: limit.status,
      body: expect.objectContaining({ statusCode: limit.status, field: limit.field, rule: limit.rule }),
    });
    expect(answer.body.message).toEqual(expect.any(String));
    expect(answer.body.error).toEqual(expect.any(String));
    expect(await store.lastSeq()).toBe(before);
  });

  it('accepts what is exactly at each limit', async () => {
    // 510 characters plus the two quotes: 512 bytes of JSON.
    const pushed = await post(cluster.url, '/api/v1/events', JSON.stringify({ key: 'a:b', payload: 'x'.repeat(510) }));
    expect(pushed.status).toBe(202);
    const deep = await post(cluster.url, '/api/v1/events', JSON.stringify({ key: 'a:b', payload: nestedArrays(3) }));
    expect(deep.status).toBe(202);
    const put = await post(cluster.url, '/api/v1/workflows', JSON.stringify(workflow(['k:1', 'k:2', 'k:3'])));
    expect(put.status).toBeLessThan(300);
    const registered = await post(cluster.url, '/api/v1/workers', JSON.stringify(worker({ a: '1', b: '2' })));
    expect(registered.status).toBeLessThan(300);
    const padded = await post(cluster.url, '/api/v1/events', JSON.stringify({ key: 'a:b' }), {
      'x-padding': 'p'.repeat(1000),
    });
    expect(padded.status).toBe(202);
  });
});

describe('an invalid limit stops a process at start, naming the variable', () => {
  it.each<[WharfApp, string, string]>([
    ['registry', 'WHARF_MAX_WORKER_LABELS', 'many'],
    ['dispatch', 'WHARF_MAX_JSON_DEPTH', '0'],
    ['edge', 'WHARF_MAX_BODY_BYTES', '1'],
  ])('%s with %s=%s', async (app, variable, value) => {
    const port = String(await freePort());
    const dataDir = mkdtempSync(join(tmpdir(), 'wharf-limits-'));
    const start = startService(app, {
      env: {
        PATH: process.env.PATH,
        WHARF_DATA_DIR: dataDir,
        WHARF_HOST: '127.0.0.1',
        WHARF_PORT: port,
        WHARF_REGISTRY_PORT: port,
        WHARF_DISPATCH_PORT: port,
        WHARF_NATS_URL: 'nats://127.0.0.1:1',
        [variable]: value,
      },
      timeoutMs: 30_000,
    });
    // Stop a process that started anyway, so that a failing test leaves nothing running.
    const started = await start.catch((err: Error) => err);
    if (!(started instanceof Error)) await started.stop();
    rmSync(dataDir, { recursive: true, force: true });
    expect(started).toBeInstanceOf(Error);
    expect((started as Error).message).toMatch(new RegExp(`${variable} must be a whole number from \\d+ to \\d+`));
  });
});
