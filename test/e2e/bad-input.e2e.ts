import { issueToken } from '@wharf/auth';
import { EventStore } from '@wharf/event-store';
import { createTenant, TenantFixture } from '../support/tenant-fixture';
import { startWharfCluster, WharfCluster } from '../support/wharf-cluster';

jest.setTimeout(120_000);

interface Attempt {
  name: string;
  method: string;
  path: string;
  body?: string;
  token?: string | null;
  namespace?: string;
  headers?: Record<string, string>;
  status: number;
  field?: string;
  rule?: string;
}

describe('bad input gets a clear 4xx and writes nothing', () => {
  let cluster: WharfCluster;
  let store: EventStore;
  let acme: TenantFixture;

  beforeAll(async () => {
    cluster = await startWharfCluster();
    store = await EventStore.connect({ name: 'e2e-bad-input', env: { WHARF_NATS_URL: cluster.natsUrl } });
    acme = await createTenant(cluster, 'Acme Bad Input');
  });

  afterAll(async () => {
    await store?.close();
    await cluster?.stop();
  });

  const json = (value: unknown) => JSON.stringify(value);
  const badNames = [
    'user.created',
    'user*',
    '>',
    'has space',
    '',
    'x'.repeat(129),
    'Upper',
    'tab\there',
    'cyrillic-\u0430',
  ];

  function attempts(): Attempt[] {
    const list: Attempt[] = [];
    for (const key of badNames) {
      list.push({
        name: `event key ${JSON.stringify(key)}`,
        method: 'POST',
        path: '/api/v1/events',
        body: json({ key }),
        status: 400,
        field: 'key',
      });
      list.push({
        name: `worker action ${JSON.stringify(key)}`,
        method: 'POST',
        path: '/api/v1/workers',
        body: json({ name: 'w', actions: [key] }),
        status: 400,
        field: 'actions',
      });
      list.push({
        name: `workflow name ${JSON.stringify(key)}`,
        method: 'POST',
        path: '/api/v1/workflows',
        body: json({ name: key, eventKeys: ['a:b'], steps: [{ name: 's', action: 'a:c' }] }),
        status: 400,
        field: 'name',
      });
    }
    for (const namespace of ['a.b', 'a*', '>', 'has space', 'UPPER', '-lead']) {
      list.push({
        name: `namespace ${JSON.stringify(namespace)}`,
        method: 'POST',
        path: '/api/v1/events',
        body: json({ key: 'a:b' }),
        namespace,
        status: 400,
        field: 'X-Wharf-Namespace',
      });
    }
    list.push({ name: 'malformed JSON', method: 'POST', path: '/api/v1/events', body: '{"key": "a:b",', status: 400 });
    // The request limits at their defaults (README, Request limits).
    list.push({
      name: 'body over 1 MiB',
      method: 'POST',
      path: '/api/v1/events',
      body: json({ key: 'a:b', payload: 'x'.repeat(2 * 1024 * 1024) }),
      status: 413,
      field: 'body',
      rule: 'at most 1048576 bytes',
    });
    list.push({
      name: 'payload over 256 KiB',
      method: 'POST',
      path: '/api/v1/events',
      body: json({ key: 'a:b', payload: 'x'.repeat(256 * 1024) }),
      status: 413,
      field: 'payload',
      rule: 'at most 262144 bytes as JSON',
    });
    list.push({
      name: 'body nested 33 levels deep',
      method: 'POST',
      path: '/api/v1/events',
      body: `{"key":"a:b","payload":${'['.repeat(32)}${']'.repeat(32)}}`,
      status: 400,
      field: 'body',
      rule: 'nested at most 32 levels deep',
    });
    list.push({
      name: 'workflow with 51 event keys',
      method: 'POST',
      path: '/api/v1/workflows',
      body: json({
        name: 'wf',
        eventKeys: Array.from({ length: 51 }, (_, i) => `key-${i}`),
        steps: [{ name: 's', action: 'a:c' }],
      }),
      status: 400,
      field: 'eventKeys',
      rule: 'eventKeys must name at most 50 event keys',
    });
    list.push({
      name: 'worker with 33 labels',
      method: 'POST',
      path: '/api/v1/workers',
      body: json({
        name: 'w',
        actions: ['a:b'],
        labels: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'v'])),
      }),
      status: 400,
      field: 'labels',
      rule: 'labels must have at most 32 entries',
    });
    list.push({
      name: 'headers over 16 KiB',
      method: 'POST',
      path: '/api/v1/events',
      body: json({ key: 'a:b' }),
      headers: { 'x-padding': 'p'.repeat(20 * 1024) },
      status: 431,
      field: 'headers',
      rule: 'at most 16384 bytes',
    });
    list.push({
      name: 'unknown field',
      method: 'POST',
      path: '/api/v1/events',
      body: json({ key: 'a:b', extra: 1 }),
      status: 400,
      field: 'extra',
    });
    list.push({
      name: 'metadata not strings',
      method: 'POST',
      path: '/api/v1/events',
      body: json({ key: 'a:b', metadata: { a: 1 } }),
      status: 400,
      field: 'metadata',
    });
    list.push({
      name: 'maxRuns 0',
      method: 'POST',
      path: '/api/v1/workers',
      body: json({ name: 'w', actions: ['a:b'], maxRuns: 0 }),
      status: 400,
      field: 'maxRuns',
    });
    list.push({
      name: 'no token',
      method: 'POST',
      path: '/api/v1/events',
      body: json({ key: 'a:b' }),
      token: null,
      status: 401,
    });
    list.push({
      name: 'garbage token',
      method: 'POST',
      path: '/api/v1/events',
      body: json({ key: 'a:b' }),
      token: 'not-a-token',
      status: 401,
    });
    list.push({
      name: 'unknown token',
      method: 'POST',
      path: '/api/v1/events',
      body: json({ key: 'a:b' }),
      token: issueToken().token,
      status: 401,
    });
    list.push({
      name: 'tenant token creating a tenant',
      method: 'POST',
      path: '/api/v1/tenants',
      body: json({ name: 'x', purpose: 'local' }),
      status: 403,
    });
    list.push({
      name: 'bad tenant purpose',
      method: 'POST',
      path: '/api/v1/tenants',
      body: json({ name: 'x', purpose: 'prod' }),
      token: 'operator',
      status: 400,
      field: 'purpose',
    });
    list.push({
      name: 'bad tenant slug',
      method: 'POST',
      path: '/api/v1/tenants',
      body: json({ name: 'x', purpose: 'local', slug: 'a.b' }),
      token: 'operator',
      status: 400,
      field: 'slug',
    });
    list.push({
      name: 'stale step report',
      method: 'POST',
      path: '/api/v1/step-runs/nope/completed',
      body: json({ attempt: 1 }),
      status: 404,
    });
    return list;
  }

  it.each(attempts().map((a) => [a.name, a]))('%s', async (_name, attempt) => {
    const before = await store.lastSeq();
    const token =
      attempt.token === 'operator' ? cluster.operatorToken : attempt.token === undefined ? acme.token : attempt.token;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (attempt.namespace !== undefined) headers['x-wharf-namespace'] = attempt.namespace;
    Object.assign(headers, attempt.headers);
    const response = await fetch(`${cluster.url}${attempt.path}`, {
      method: attempt.method,
      headers,
      body: attempt.body,
    });
    const body = (await response.json()) as { statusCode: number; message: string; field?: string; rule?: string };
    expect(response.status).toBe(attempt.status);
    expect(body.statusCode).toBe(attempt.status);
    expect(typeof body.message).toBe('string');
    if (attempt.field) {
      expect(body.field).toBe(attempt.field);
      expect(body.rule).toEqual(attempt.rule ?? expect.any(String));
    }
    expect(await store.lastSeq()).toBe(before);
  });
});
