import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { hashToken, issueToken, tokenIdOf } from '@wharf/auth';
import { AnyStoredEvent } from '@wharf/events';
import { EventStore } from '@wharf/event-store';
import { configureHttp } from '@wharf/service-kit';
import { ensureOperatorToken } from '../../apps/tenant/src/operator/operator-token';
import { freePort, RunningNats, startNatsServer } from '../support/nats-server';

jest.setTimeout(60_000);

interface Reply<T> {
  status: number;
  body: T;
}

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  field?: string;
  rule?: string;
}

interface TenantBody {
  slug: string;
  name: string;
  purpose: string;
  createdAt: string;
}

interface CreatedTokenBody {
  tokenId: string;
  tenant: string;
  name: string;
  token: string;
  createdAt: string;
}

interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as is with a JSON content type (e.g. malformed JSON). */
  rawBody?: string;
}

const ENV_KEYS = ['WHARF_NATS_URL', 'WHARF_DATA_DIR', 'WHARF_TENANT_PORT'] as const;

async function readAllEvents(store: EventStore): Promise<AnyStoredEvent[]> {
  const events: AnyStoredEvent[] = [];
  await store.readRange('wharf.>', 1, await store.lastSeq(), (event) => {
    events.push(event);
  });
  return events;
}

describe('tenant service over HTTP (in process, real nats-server and SQLite)', () => {
  const savedEnv: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};
  let nats: RunningNats;
  let dataDir: string;
  let app: NestExpressApplication;
  let store: EventStore;
  let baseUrl: string;
  let operatorToken: string;
  /** Every token string the suite has seen: none may ever reach the stream or the read model. */
  const secrets: string[] = [];

  async function call<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = {};
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: payload });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
  }

  async function createTenant(body: Record<string, unknown>): Promise<Reply<TenantBody>> {
    return call<TenantBody>('POST', '/api/v1/tenants', { token: operatorToken, body });
  }

  /** Creates a token of `tenant` with `asToken` and remembers its secret. */
  async function createToken(tenant: string, asToken: string, name = 'ci'): Promise<Reply<CreatedTokenBody>> {
    const reply = await call<CreatedTokenBody>('POST', `/api/v1/tenants/${tenant}/tokens`, {
      token: asToken,
      body: { name },
    });
    if (typeof reply.body?.token === 'string') secrets.push(reply.body.token);
    return reply;
  }

  /** Sends a request that must be refused with `status`, and checks the stream did not move. */
  async function expectRefused(
    request: () => Promise<Reply<unknown>>,
    expected: { status: number; field?: string; rule?: RegExp },
  ): Promise<void> {
    const before = await store.lastSeq();
    const { status, body } = (await request()) as Reply<ErrorBody | undefined>;
    expect(status).toBe(expected.status);
    expect(body).toEqual(
      expect.objectContaining({ statusCode: expected.status, error: expect.any(String), message: expect.any(String) }),
    );
    if (expected.field !== undefined) expect(body?.field).toBe(expected.field);
    if (expected.rule !== undefined) expect(body?.rule).toMatch(expected.rule);
    expect(await store.lastSeq()).toBe(before);
  }

  beforeAll(async () => {
    nats = await startNatsServer();
    dataDir = mkdtempSync(join(tmpdir(), 'wharf-tenant-'));
    const port = await freePort();
    for (const key of ENV_KEYS) savedEnv[key] = process.env[key];
    process.env.WHARF_NATS_URL = nats.url;
    process.env.WHARF_DATA_DIR = dataDir;
    process.env.WHARF_TENANT_PORT = String(port);
    // The module reads its configuration when it is loaded: only after the environment is set.
    const { TenantAppModule } = await import('../../apps/tenant/src/tenant-app.module');
    app = await NestFactory.create<NestExpressApplication>(TenantAppModule, { bodyParser: false, logger: false });
    configureHttp(app, 1 << 20);
    await app.listen(port, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${port}`;
    store = await EventStore.connect({ name: 'tenant-service-test', env: { WHARF_NATS_URL: nats.url } });
    operatorToken = readFileSync(join(dataDir, 'operator.token'), 'utf8').trim();
    secrets.push(operatorToken);
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await nats?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    for (const key of ENV_KEYS) {
      if (savedEnv[key] === undefined) delete process.env[key];
      else process.env[key] = savedEnv[key];
    }
  });

  it('writes the operator token to <data dir>/operator.token with mode 0600 and records only its hash', async () => {
    expect(statSync(join(dataDir, 'operator.token')).mode & 0o777).toBe(0o600);
    const events = await store.readSubject('wharf._._.token.operator');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'token.created',
      tenant: '_',
      namespace: '_',
      actor: 'system',
      payload: { tenant: '_', name: 'operator', operator: true, hash: hashToken(operatorToken) },
    });
    expect((await call('GET', '/api/v1/tenants', { token: operatorToken })).status).toBe(200);
  });

  it('lets the operator create a tenant whose slug is generated from its name', async () => {
    const created = await createTenant({ name: 'Acme Staging', purpose: 'staging' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      slug: expect.stringMatching(/^acme-staging-[a-z0-9]{4}$/),
      name: 'Acme Staging',
      purpose: 'staging',
      createdAt: expect.any(String),
    });
    const slug: string = created.body.slug;
    const shown = await call('GET', `/api/v1/tenants/${slug}`, { token: operatorToken });
    expect(shown).toEqual({ status: 200, body: created.body });
    const [event] = await store.readSubject(`wharf.${slug}._.tenant.${slug}`);
    expect(event).toMatchObject({
      type: 'tenant.created',
      payload: { slug, name: 'Acme Staging', purpose: 'staging' },
    });
    expect(event.actor).toBe(tokenIdOf(operatorToken));
  });

  it('lets the operator create a tenant with a given slug, and answers 409 when that slug is taken', async () => {
    const created = await createTenant({ name: 'Initech', purpose: 'production', slug: 'initech' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ slug: 'initech', name: 'Initech', purpose: 'production' });
    await expectRefused(() => createTenant({ name: 'Initech again', purpose: 'local', slug: 'initech' }), {
      status: 409,
    });
    expect(await store.readSubject('wharf.initech._.tenant.initech')).toHaveLength(1);
  });

  it('refuses tenant creation to a tenant token with 403', async () => {
    expect((await createTenant({ name: 'Hooli', purpose: 'development', slug: 'hooli' })).status).toBe(201);
    const hooliToken: string = (await createToken('hooli', operatorToken)).body.token;
    await expectRefused(
      () =>
        call('POST', '/api/v1/tenants', { token: hooliToken, body: { name: 'Mine', purpose: 'local', slug: 'mine' } }),
      { status: 403 },
    );
  });

  it('lets a tenant token create tokens for its own tenant and hides other tenants behind 404', async () => {
    for (const slug of ['umbrella', 'globex']) {
      expect((await createTenant({ name: slug, purpose: 'staging', slug })).status).toBe(201);
    }
    const first = await createToken('umbrella', operatorToken, 'admin');
    expect(first.status).toBe(201);
    const umbrellaToken: string = first.body.token;

    const second = await createToken('umbrella', umbrellaToken, 'deploy:ci');
    expect(second.status).toBe(201);
    expect(second.body).toEqual({
      tokenId: expect.stringMatching(/^[0-9a-f]{16}$/),
      tenant: 'umbrella',
      name: 'deploy:ci',
      token: expect.stringMatching(/^wharf_[0-9a-f]{16}_/),
      createdAt: expect.any(String),
    });
    const [event] = await store.readSubject(`wharf.umbrella._.token.${second.body.tokenId}`);
    expect(event).toMatchObject({
      type: 'token.created',
      actor: first.body.tokenId,
      payload: {
        tokenId: second.body.tokenId,
        tenant: 'umbrella',
        name: 'deploy:ci',
        operator: false,
        hash: hashToken(second.body.token),
      },
    });
    // The new token works at once.
    expect((await call('GET', '/api/v1/tenants/umbrella', { token: second.body.token })).status).toBe(200);

    await expectRefused(() => call('GET', '/api/v1/tenants/globex', { token: umbrellaToken }), { status: 404 });
    await expectRefused(() => call('GET', '/api/v1/tenants/globex/tokens', { token: umbrellaToken }), { status: 404 });
    await expectRefused(() => createToken('globex', umbrellaToken), { status: 404 });
    await expectRefused(() => createToken('nobody', operatorToken), { status: 404 });
    await expectRefused(() => call('GET', '/api/v1/tenants/nobody', { token: operatorToken }), { status: 404 });
  });

  it('lists only its own tenant to a tenant token and every tenant to the operator', async () => {
    expect((await createTenant({ name: 'Soylent', purpose: 'local', slug: 'soylent' })).status).toBe(201);
    const soylentToken: string = (await createToken('soylent', operatorToken)).body.token;

    const own = await call<TenantBody[]>('GET', '/api/v1/tenants', { token: soylentToken });
    expect(own.status).toBe(200);
    expect(own.body).toEqual([{ slug: 'soylent', name: 'Soylent', purpose: 'local', createdAt: expect.any(String) }]);

    const all = await call<TenantBody[]>('GET', '/api/v1/tenants', { token: operatorToken });
    expect(all.status).toBe(200);
    const slugs = all.body.map((t) => t.slug);
    expect(slugs).toEqual(expect.arrayContaining(['initech', 'hooli', 'umbrella', 'globex', 'soylent']));
  });

  it('lists a tenant’s tokens without secrets or hashes', async () => {
    expect((await createTenant({ name: 'Vandelay', purpose: 'production', slug: 'vandelay' })).status).toBe(201);
    const admin = await createToken('vandelay', operatorToken, 'admin');
    const worker = await createToken('vandelay', admin.body.token, 'worker');

    const listed = await call('GET', '/api/v1/tenants/vandelay/tokens', { token: admin.body.token });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      {
        tokenId: admin.body.tokenId,
        tenant: 'vandelay',
        name: 'admin',
        createdAt: admin.body.createdAt,
        revoked: false,
      },
      {
        tokenId: worker.body.tokenId,
        tenant: 'vandelay',
        name: 'worker',
        createdAt: worker.body.createdAt,
        revoked: false,
      },
    ]);
    expect((await call('GET', '/api/v1/tenants/vandelay/tokens', { token: operatorToken })).body).toEqual(listed.body);
  });

  describe('rejected input: a 4xx naming the field and the rule, and nothing appended', () => {
    let tenantToken: string;

    beforeAll(async () => {
      expect((await createTenant({ name: 'Rejects', purpose: 'development', slug: 'rejects' })).status).toBe(201);
      tenantToken = (await createToken('rejects', operatorToken)).body.token;
    });

    it.each([
      ['an empty name', { name: '', purpose: 'local' }, 'name', /must not be empty/],
      ['a missing name', { purpose: 'local' }, 'name', /must be a string/],
      ['a name of 101 characters', { name: 'x'.repeat(101), purpose: 'local' }, 'name', /at most 100 characters/],
      ['a name with a line break', { name: 'Acme\nInc', purpose: 'local' }, 'name', /printable/],
      [
        'an unknown purpose',
        { name: 'Acme', purpose: 'qa' },
        'purpose',
        /must be one of local, development, staging, production/,
      ],
      ['a missing purpose', { name: 'Acme' }, 'purpose', /must be one of/],
      ['an upper-case slug', { name: 'Acme', purpose: 'local', slug: 'Acme' }, 'slug', /lower-case letters/],
      ['a slug with a dot', { name: 'Acme', purpose: 'local', slug: 'acme.prod' }, 'slug', /lower-case letters/],
      ['a wildcard slug', { name: 'Acme', purpose: 'local', slug: '>' }, 'slug', /lower-case letters/],
      ['the reserved slug', { name: 'Acme', purpose: 'local', slug: '_' }, 'slug', /lower-case letters/],
      ['a slug of 64 characters', { name: 'Acme', purpose: 'local', slug: 'a'.repeat(64) }, 'slug', /at most 63/],
      ['an unknown field', { name: 'Acme', purpose: 'local', owner: 'me' }, 'owner', /should not exist/],
    ])('refuses a tenant with %s (400)', async (_case, body, field, rule) => {
      await expectRefused(() => createTenant(body), { status: 400, field, rule });
    });

    it('refuses malformed JSON (400)', async () => {
      await expectRefused(
        () => call('POST', '/api/v1/tenants', { token: operatorToken, rawBody: '{"name": "Acme",' }),
        {
          status: 400,
        },
      );
    });

    it('names the body and the rule when refusing malformed JSON', async () => {
      await expectRefused(
        () => call('POST', '/api/v1/tenants', { token: operatorToken, rawBody: '{"name": "Acme",' }),
        {
          status: 400,
          field: 'body',
          rule: /valid JSON/,
        },
      );
    });

    it('refuses a JSON array where an object is expected (400)', async () => {
      await expectRefused(() => call('POST', '/api/v1/tenants', { token: operatorToken, rawBody: '[]' }), {
        status: 400,
        field: 'name',
        rule: /must be a string/,
      });
    });

    it.each([
      ['with spaces', 'ci token'],
      ['with a dot', 'ci.token'],
      ['empty', ''],
    ])('refuses a token name %s (400)', async (_case, name) => {
      await expectRefused(() => createToken('rejects', tenantToken, name), { status: 400, field: 'name', rule: /./ });
    });

    it('refuses a malformed tenant in the path (400)', async () => {
      await expectRefused(() => call('GET', '/api/v1/tenants/Rejects', { token: operatorToken }), {
        status: 400,
        field: 'tenant',
        rule: /lower-case letters/,
      });
      await expectRefused(() => createToken('re*jects', operatorToken), { status: 400, field: 'tenant' });
    });

    it('refuses a request without a token, or with an unknown one (401)', async () => {
      const unknown = issueToken().token;
      secrets.push(unknown);
      for (const token of [undefined, unknown, 'not-a-token']) {
        await expectRefused(
          () => call('POST', '/api/v1/tenants', { token, body: { name: 'Acme', purpose: 'local' } }),
          {
            status: 401,
            field: 'authorization',
            rule: /Bearer/,
          },
        );
        await expectRefused(() => call('GET', '/api/v1/tenants', { token }), { status: 401, field: 'authorization' });
        await expectRefused(() => createToken('rejects', token as string), { status: 401, field: 'authorization' });
      }
    });
  });

  it('never lets a token string into the stream or the read model', async () => {
    expect(secrets.length).toBeGreaterThan(5);
    const events = await readAllEvents(store);
    expect(events.length).toBeGreaterThan(0);
    const streamText = events.map((e) => JSON.stringify(e)).join('\n');
    const readModel = ['tenant.sqlite', 'tenant.sqlite-wal']
      .map((file) => join(dataDir, file))
      .filter((file) => existsSync(file))
      .map((file) => readFileSync(file).toString('latin1'))
      .join('\n');
    for (const secret of secrets) {
      // `wharf_<16 hex id>_<secret>`: the secret alone may contain `_`, so cut by position.
      const secretPart = secret.slice('wharf_'.length + 16 + 1);
      expect(secretPart).toHaveLength(43);
      expect(streamText).not.toContain(secret);
      expect(streamText).not.toContain(secretPart);
      expect(readModel).not.toContain(secret);
    }
  });
});

describe('operator token bootstrap against a fresh stream', () => {
  let nats: RunningNats;
  let dataDir: string;
  const stores: EventStore[] = [];

  function recordingLogger() {
    const lines: { level: 'log' | 'warn'; message: string }[] = [];
    return {
      lines,
      log: (message: string) => lines.push({ level: 'log', message }),
      warn: (message: string) => lines.push({ level: 'warn', message }),
    };
  }

  beforeAll(async () => {
    nats = await startNatsServer();
    dataDir = mkdtempSync(join(tmpdir(), 'wharf-operator-'));
    for (let i = 0; i < 4; i += 1) {
      stores.push(await EventStore.connect({ name: `operator-bootstrap-${i}`, env: { WHARF_NATS_URL: nats.url } }));
    }
  });

  afterAll(async () => {
    for (const store of stores) await store.close();
    await nats?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('records exactly one operator token when several instances start at once', async () => {
    const loggers = stores.map(() => recordingLogger());
    const outcomes = await Promise.all(
      stores.map((store, i) => ensureOperatorToken({ store, dataDir, logger: loggers[i] })),
    );
    expect([...outcomes].sort()).toEqual(['created', 'exists', 'exists', 'exists']);

    const events = await stores[0].readSubject('wharf._._.token.operator');
    expect(events).toHaveLength(1);
    const file = join(dataDir, 'operator.token');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const token = readFileSync(file, 'utf8').trim();
    expect(events[0].payload).toMatchObject({ operator: true, hash: hashToken(token) });

    const lines = loggers.flatMap((l) => l.lines);
    expect(lines.filter((l) => l.level === 'log')).toEqual([{ level: 'log', message: expect.stringContaining(file) }]);
    expect(lines.every((l) => !l.message.includes(token))).toBe(true);
  });

  it('records nothing on a restart, and warns without a new token when the file is gone', async () => {
    const file = join(dataDir, 'operator.token');
    const quiet = recordingLogger();
    expect(await ensureOperatorToken({ store: stores[0], dataDir, logger: quiet })).toBe('exists');
    expect(quiet.lines).toEqual([]);

    unlinkSync(file);
    const warned = recordingLogger();
    expect(await ensureOperatorToken({ store: stores[1], dataDir, logger: warned })).toBe('exists');
    expect(warned.lines).toEqual([{ level: 'warn', message: expect.stringContaining(file) }]);
    expect(warned.lines[0].message).toMatch(/operator token exists .* is gone/);
    expect(existsSync(file)).toBe(false);
    expect(await stores[0].readSubject('wharf._._.token.operator')).toHaveLength(1);
  });
});
