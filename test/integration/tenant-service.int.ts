import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { hashToken, issueToken, tokenIdOf } from '@wharf/auth';
import { AnyStoredEvent, SYSTEM_ACTOR } from '@wharf/events';
import { EventStore } from '@wharf/event-store';
import { configureHttp } from '@wharf/service-kit';
import { ensureOperatorToken } from '../../apps/tenant/src/operator/operator-token';
import { operatorTokenDecider } from '../../apps/tenant/src/operator/operator-token.decider';
import { decideAndAppend } from '../../apps/tenant/src/shared/decide-and-append';
import { OPERATOR_TOKEN_LOCATION } from '../../apps/tenant/src/tokens/token.stream';
import { eventually } from '../support/eventually';
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
  description: string | null;
  createdAt: string;
  archived: boolean;
  archivedAt: string | null;
}

interface CreatedTokenBody {
  tokenId: string;
  tenant: string;
  name: string;
  role: string;
  namespace: string | null;
  expiresAt: string | null;
  createdAt: string;
  token: string;
}

interface TokenBody {
  tokenId: string;
  tenant: string;
  name: string;
  role: string;
  namespace: string | null;
  createdAt: string;
  createdBy: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revoked: boolean;
  revokedAt: string | null;
}

interface RotatedBody {
  tokenId: string;
  token: string;
  createdAt: string;
}

/** A token request's body beyond the defaults; any JSON, so that bad input can be sent too. */
type TokenInput = Record<string, unknown>;

interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as is with a JSON content type (e.g. malformed JSON). */
  rawBody?: string;
}

/** The fields of a token in a listing: exactly these, so a hash or a secret cannot slip in. */
const TOKEN_VIEW_KEYS = [
  'createdAt',
  'createdBy',
  'expiresAt',
  'lastUsedAt',
  'name',
  'namespace',
  'revoked',
  'revokedAt',
  'role',
  'tenant',
  'tokenId',
];

const DAY_MS = 86_400_000;
const ENV_KEYS = ['WHARF_NATS_URL', 'WHARF_DATA_DIR', 'WHARF_TENANT_PORT', 'WHARF_SEALING'] as const;

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
  /** The current operator token: replaced by the rotation test. */
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

  /** Creates a token of `tenant` with `asToken` (an admin by default) and remembers its secret. */
  async function createToken(
    tenant: string,
    asToken: string,
    input: TokenInput | string = {},
  ): Promise<Reply<CreatedTokenBody>> {
    const body = typeof input === 'string' ? { name: input, role: 'admin' } : { name: 'ci', role: 'admin', ...input };
    const reply = await call<CreatedTokenBody>('POST', `/api/v1/tenants/${tenant}/tokens`, { token: asToken, body });
    if (typeof reply.body?.token === 'string') secrets.push(reply.body.token);
    return reply;
  }

  async function listTokens(tenant: string, asToken: string): Promise<Reply<TokenBody[]>> {
    return call<TokenBody[]>('GET', `/api/v1/tenants/${tenant}/tokens`, { token: asToken });
  }

  /** A token that must work: the tenant's own show route answers 200. */
  async function expectWorks(tenant: string, token: string): Promise<void> {
    expect((await call('GET', `/api/v1/tenants/${tenant}`, { token })).status).toBe(200);
  }

  /** Sends a request that must be refused with `status`, and checks the stream did not move. */
  async function expectRefused(
    request: () => Promise<Reply<unknown>>,
    expected: { status: number; field?: string; rule?: RegExp; message?: RegExp },
  ): Promise<void> {
    const before = await store.lastSeq();
    const { status, body } = (await request()) as Reply<ErrorBody | undefined>;
    expect({ status, body }).toEqual({
      status: expected.status,
      body: expect.objectContaining({
        statusCode: expected.status,
        error: expect.any(String),
        message: expect.any(String),
      }),
    });
    if (expected.field !== undefined) expect(body?.field).toBe(expected.field);
    if (expected.rule !== undefined) expect(body?.rule).toMatch(expected.rule);
    if (expected.message !== undefined) expect(body?.message).toMatch(expected.message);
    expect(await store.lastSeq()).toBe(before);
  }

  /** Sends a request that must succeed without recording anything. */
  async function expectNothingRecorded<T>(request: () => Promise<Reply<T>>, status = 200): Promise<Reply<T>> {
    const before = await store.lastSeq();
    const reply = await request();
    expect(reply.status).toBe(status);
    expect(await store.lastSeq()).toBe(before);
    return reply;
  }

  async function lastEventOf(subject: string): Promise<AnyStoredEvent> {
    const events = (await store.readSubject(subject)) as AnyStoredEvent[];
    return events[events.length - 1];
  }

  beforeAll(async () => {
    nats = await startNatsServer();
    dataDir = mkdtempSync(join(tmpdir(), 'wharf-tenant-'));
    const port = await freePort();
    for (const key of ENV_KEYS) savedEnv[key] = process.env[key];
    process.env.WHARF_NATS_URL = nats.url;
    process.env.WHARF_DATA_DIR = dataDir;
    process.env.WHARF_TENANT_PORT = String(port);
    // A seal landing mid-test would move the stream under the "nothing recorded" checks.
    process.env.WHARF_SEALING = 'false';
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
      description: null,
      createdAt: expect.any(String),
      archived: false,
      archivedAt: null,
    });
    const slug: string = created.body.slug;
    const shown = await call('GET', `/api/v1/tenants/${slug}`, { token: operatorToken });
    expect(shown).toEqual({ status: 200, body: created.body });
    const [event] = await store.readSubject(`wharf.${slug}._.tenant.${slug}`);
    expect(event).toMatchObject({
      type: 'tenant.created',
      payload: { slug, name: 'Acme Staging', purpose: 'staging' },
    });
    expect(event.payload).not.toHaveProperty('description');
    expect(event.actor).toBe(tokenIdOf(operatorToken));
  });

  it('records and shows a description given at creation', async () => {
    const description = 'Pre-production for the EU customers.\nOwned by the platform team.';
    const created = await createTenant({ name: 'Described', purpose: 'staging', slug: 'described', description });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ slug: 'described', description, archived: false, archivedAt: null });
    expect((await call('GET', '/api/v1/tenants/described', { token: operatorToken })).body).toEqual(created.body);
    expect(await lastEventOf('wharf.described._.tenant.described')).toMatchObject({
      type: 'tenant.created',
      actor: tokenIdOf(operatorToken),
      payload: { slug: 'described', name: 'Described', purpose: 'staging', description },
    });
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

  it('lets a tenant admin create tokens for its own tenant and hides other tenants behind 404', async () => {
    for (const slug of ['umbrella', 'globex']) {
      expect((await createTenant({ name: slug, purpose: 'staging', slug })).status).toBe(201);
    }
    const first = await createToken('umbrella', operatorToken, 'admin');
    expect(first.status).toBe(201);
    const umbrellaToken: string = first.body.token;

    const expiresAt = new Date(Date.now() + 30 * DAY_MS).toISOString();
    const second = await createToken('umbrella', umbrellaToken, {
      name: 'deploy:ci',
      role: 'publisher',
      namespace: 'ada',
      expiresAt,
    });
    expect(second.status).toBe(201);
    expect(second.body).toEqual({
      tokenId: expect.stringMatching(/^[0-9a-f]{16}$/),
      tenant: 'umbrella',
      name: 'deploy:ci',
      role: 'publisher',
      namespace: 'ada',
      expiresAt,
      createdAt: expect.any(String),
      token: expect.stringMatching(/^wharf_[0-9a-f]{16}_/),
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
        role: 'publisher',
        namespace: 'ada',
        expiresAt,
      },
    });
    // The new token works at once.
    await expectWorks('umbrella', second.body.token);

    await expectRefused(() => call('GET', '/api/v1/tenants/globex', { token: umbrellaToken }), { status: 404 });
    await expectRefused(() => listTokens('globex', umbrellaToken), { status: 404 });
    await expectRefused(() => createToken('globex', umbrellaToken), { status: 404 });
    await expectRefused(() => createToken('nobody', operatorToken), { status: 404 });
    await expectRefused(() => call('GET', '/api/v1/tenants/nobody', { token: operatorToken }), { status: 404 });
  });

  it('gives a token 90 days unless told otherwise, and no expiry only when asked for "never"', async () => {
    expect((await createTenant({ name: 'Expiry', purpose: 'local', slug: 'expiry' })).status).toBe(201);
    const before = Date.now();
    const defaulted = await createToken('expiry', operatorToken, 'defaulted');
    const after = Date.now();
    expect(defaulted.status).toBe(201);
    const expiresAt = Date.parse(defaulted.body.expiresAt as string);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 90 * DAY_MS);
    expect(expiresAt).toBeLessThanOrEqual(after + 90 * DAY_MS);

    const eternal = await createToken('expiry', operatorToken, { name: 'eternal', expiresAt: 'never' });
    expect(eternal.status).toBe(201);
    expect(eternal.body.expiresAt).toBeNull();
    expect((await lastEventOf(`wharf.expiry._.token.${eternal.body.tokenId}`)).payload).toMatchObject({
      expiresAt: null,
      namespace: null,
      role: 'admin',
    });
  });

  it('lists only its own tenant to a tenant token and every tenant to the operator', async () => {
    expect((await createTenant({ name: 'Soylent', purpose: 'local', slug: 'soylent' })).status).toBe(201);
    const soylentToken: string = (await createToken('soylent', operatorToken)).body.token;

    const own = await call<TenantBody[]>('GET', '/api/v1/tenants', { token: soylentToken });
    expect(own.status).toBe(200);
    expect(own.body).toEqual([
      {
        slug: 'soylent',
        name: 'Soylent',
        purpose: 'local',
        description: null,
        createdAt: expect.any(String),
        archived: false,
        archivedAt: null,
      },
    ]);

    const all = await call<TenantBody[]>('GET', '/api/v1/tenants', { token: operatorToken });
    expect(all.status).toBe(200);
    const slugs = all.body.map((t) => t.slug);
    expect(slugs).toEqual(expect.arrayContaining(['initech', 'hooli', 'umbrella', 'globex', 'soylent']));
  });

  it('lists a tenant’s tokens with role, namespace, expiry and last use, without secrets or hashes', async () => {
    expect((await createTenant({ name: 'Vandelay', purpose: 'production', slug: 'vandelay' })).status).toBe(201);
    const admin = await createToken('vandelay', operatorToken, 'admin');
    const worker = await createToken('vandelay', admin.body.token, {
      name: 'worker',
      role: 'worker',
      namespace: 'ada',
      expiresAt: 'never',
    });
    expect(worker.status).toBe(201);

    const listed = await listTokens('vandelay', admin.body.token);
    expect(listed.status).toBe(200);
    for (const token of listed.body) expect(Object.keys(token).sort()).toEqual(TOKEN_VIEW_KEYS);
    // The admin token was just used, so its last use may or may not be recorded yet: compared apart.
    const withoutLastUse = (tokens: TokenBody[]) => tokens.map(({ lastUsedAt: _lastUse, ...rest }) => rest);
    expect(withoutLastUse(listed.body)).toEqual([
      {
        tokenId: admin.body.tokenId,
        tenant: 'vandelay',
        name: 'admin',
        role: 'admin',
        namespace: null,
        createdAt: admin.body.createdAt,
        createdBy: tokenIdOf(operatorToken),
        expiresAt: admin.body.expiresAt,
        revoked: false,
        revokedAt: null,
      },
      {
        tokenId: worker.body.tokenId,
        tenant: 'vandelay',
        name: 'worker',
        role: 'worker',
        namespace: 'ada',
        createdAt: worker.body.createdAt,
        createdBy: admin.body.tokenId,
        expiresAt: null,
        revoked: false,
        revokedAt: null,
      },
    ]);
    expect([null, 'string']).toContain(listed.body[0].lastUsedAt === null ? null : typeof listed.body[0].lastUsedAt);
    expect(listed.body[1].lastUsedAt).toBeNull();
    const text = JSON.stringify(listed.body);
    for (const secret of [admin.body.token, worker.body.token]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(hashToken(secret));
    }
    expect(withoutLastUse((await listTokens('vandelay', operatorToken)).body)).toEqual(withoutLastUse(listed.body));

    // The worker token is used once; "last used" follows (recorded asynchronously, at most once a minute).
    const usedFrom = Date.now();
    await call('GET', '/api/v1/tenants/vandelay', { token: worker.body.token });
    const lastUsedAt = await eventually(
      async () => (await listTokens('vandelay', admin.body.token)).body[1].lastUsedAt ?? undefined,
      { what: 'the worker token’s last use to be listed' },
    );
    expect(Date.parse(lastUsedAt)).toBeGreaterThanOrEqual(usedFrom - 1_000);
  });

  describe('renaming and describing a tenant', () => {
    let admin: CreatedTokenBody;

    beforeAll(async () => {
      expect((await createTenant({ name: 'Pied Piper', purpose: 'development', slug: 'pied-piper' })).status).toBe(201);
      admin = (await createToken('pied-piper', operatorToken, 'admin')).body;
    });

    it('records tenant.renamed by the admin token that asked, and shows the new name', async () => {
      const renamed = await call<TenantBody>('PATCH', '/api/v1/tenants/pied-piper', {
        token: admin.token,
        body: { name: 'Pied Piper Inc' },
      });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ slug: 'pied-piper', name: 'Pied Piper Inc', description: null });
      expect(await lastEventOf('wharf.pied-piper._.tenant.pied-piper')).toMatchObject({
        type: 'tenant.renamed',
        actor: admin.tokenId,
        payload: { slug: 'pied-piper', previousName: 'Pied Piper', name: 'Pied Piper Inc' },
      });
      expect((await call('GET', '/api/v1/tenants/pied-piper', { token: operatorToken })).body).toEqual(renamed.body);
    });

    it('records tenant.described by the operator, and an empty description removes it', async () => {
      const described = await call<TenantBody>('PATCH', '/api/v1/tenants/pied-piper', {
        token: operatorToken,
        body: { description: 'Compression, middle-out.' },
      });
      expect(described.status).toBe(200);
      expect(described.body).toMatchObject({ name: 'Pied Piper Inc', description: 'Compression, middle-out.' });
      expect(await lastEventOf('wharf.pied-piper._.tenant.pied-piper')).toMatchObject({
        type: 'tenant.described',
        actor: tokenIdOf(operatorToken),
        payload: { slug: 'pied-piper', description: 'Compression, middle-out.' },
      });

      const cleared = await call<TenantBody>('PATCH', '/api/v1/tenants/pied-piper', {
        token: admin.token,
        body: { description: '' },
      });
      expect(cleared.body).toMatchObject({ description: null });
    });

    it('records nothing when nothing changes', async () => {
      for (const body of [{}, { name: 'Pied Piper Inc' }, { name: 'Pied Piper Inc', description: '' }]) {
        const reply = await expectNothingRecorded(() =>
          call<TenantBody>('PATCH', '/api/v1/tenants/pied-piper', { token: admin.token, body }),
        );
        expect(reply.body).toMatchObject({ name: 'Pied Piper Inc', description: null });
      }
    });

    it('refuses a viewer (403), a namespace-bound admin (403) and another tenant’s admin (404)', async () => {
      const viewer = (await createToken('pied-piper', admin.token, { name: 'viewer', role: 'viewer' })).body.token;
      const bound = (await createToken('pied-piper', admin.token, { name: 'bound', namespace: 'ada' })).body.token;
      const globexAdmin = (await createToken('globex', operatorToken, 'admin')).body.token;
      const rename = (token: string) => () =>
        call('PATCH', '/api/v1/tenants/pied-piper', { token, body: { name: 'Hijacked' } });
      await expectRefused(rename(viewer), { status: 403, rule: /role "viewer" does not allow tenant:write/ });
      await expectRefused(rename(bound), { status: 403, rule: /not bound to a namespace/ });
      await expectRefused(rename(globexAdmin), { status: 404 });
      // Reading stays open to all of them within their reach.
      await expectWorks('pied-piper', viewer);
      await expectWorks('pied-piper', bound);
    });

    it.each([
      ['an empty name', { name: '' }, 'name', /must not be empty/],
      ['a name of 101 characters', { name: 'x'.repeat(101) }, 'name', /at most 100 characters/],
      ['a name with a line break', { name: 'Pied\nPiper' }, 'name', /printable/],
      ['a description of 1001 characters', { description: 'x'.repeat(1001) }, 'description', /at most 1000/],
      ['a description with an escape sequence', { description: '\u001b[2J' }, 'description', /printable/],
      ['a description that is no string', { description: 42 }, 'description', /must be a string/],
      ['a slug (which never changes)', { slug: 'other' }, 'slug', /should not exist/],
      ['a purpose (which never changes)', { purpose: 'production' }, 'purpose', /should not exist/],
    ])('refuses %s (400)', async (_case, body, field, rule) => {
      await expectRefused(() => call('PATCH', '/api/v1/tenants/pied-piper', { token: admin.token, body }), {
        status: 400,
        field,
        rule,
      });
    });

    it('refuses an unknown tenant (404) and a malformed one (400)', async () => {
      await expectRefused(
        () => call('PATCH', '/api/v1/tenants/nobody', { token: operatorToken, body: { name: 'Nobody' } }),
        { status: 404 },
      );
      await expectRefused(
        () => call('PATCH', '/api/v1/tenants/No.Body', { token: operatorToken, body: { name: 'Nobody' } }),
        { status: 400, field: 'tenant' },
      );
    });
  });

  describe('archiving a tenant', () => {
    let admin: CreatedTokenBody;
    let worker: CreatedTokenBody;

    beforeAll(async () => {
      expect((await createTenant({ name: 'Dunder', purpose: 'production', slug: 'dunder' })).status).toBe(201);
      admin = (await createToken('dunder', operatorToken, 'admin')).body;
      worker = (await createToken('dunder', admin.token, { name: 'worker', role: 'worker' })).body;
    });

    it('is the operator’s alone (403 for the tenant’s own admin)', async () => {
      await expectRefused(() => call('POST', '/api/v1/tenants/dunder/archive', { token: admin.token }), {
        status: 403,
      });
      await expectWorks('dunder', admin.token);
    });

    it('records tenant.archived by the operator, after which every token of the tenant gets 401', async () => {
      await expectWorks('dunder', worker.token);
      const archived = await call<TenantBody>('POST', '/api/v1/tenants/dunder/archive', { token: operatorToken });
      expect(archived.status).toBe(200);
      expect(archived.body).toEqual({
        slug: 'dunder',
        name: 'Dunder',
        purpose: 'production',
        description: null,
        createdAt: expect.any(String),
        archived: true,
        archivedAt: expect.any(String),
      });
      expect(await lastEventOf('wharf.dunder._.tenant.dunder')).toMatchObject({
        type: 'tenant.archived',
        actor: tokenIdOf(operatorToken),
        payload: { slug: 'dunder' },
      });
      for (const token of [admin.token, worker.token]) {
        await expectRefused(() => call('GET', '/api/v1/tenants/dunder', { token }), {
          status: 401,
          message: /archived/,
        });
        await expectRefused(() => listTokens('dunder', token), { status: 401 });
      }
      // Other tenants are untouched; the operator still reads the archived tenant.
      expect((await call('GET', '/api/v1/tenants/dunder', { token: operatorToken })).body).toEqual(archived.body);
      expect((await listTokens('dunder', operatorToken)).status).toBe(200);
    });

    it('refuses to archive it again, to rename it or to give it new tokens (409)', async () => {
      await expectRefused(() => call('POST', '/api/v1/tenants/dunder/archive', { token: operatorToken }), {
        status: 409,
        message: /already archived/,
      });
      await expectRefused(
        () => call('PATCH', '/api/v1/tenants/dunder', { token: operatorToken, body: { name: 'Dunder Mifflin' } }),
        { status: 409, message: /archived/ },
      );
      await expectRefused(() => createToken('dunder', operatorToken, 'late'), { status: 409, message: /archived/ });
    });

    it('answers 404 for a tenant that does not exist', async () => {
      await expectRefused(() => call('POST', '/api/v1/tenants/nobody/archive', { token: operatorToken }), {
        status: 404,
      });
    });
  });

  describe('revoking a token', () => {
    let admin: CreatedTokenBody;
    let ci: CreatedTokenBody;

    beforeAll(async () => {
      expect((await createTenant({ name: 'Wayne', purpose: 'staging', slug: 'wayne' })).status).toBe(201);
      admin = (await createToken('wayne', operatorToken, 'admin')).body;
      ci = (await createToken('wayne', admin.token, { name: 'ci', role: 'publisher' })).body;
    });

    it('records token.revoked by the admin that asked; the token gets 401 from the answer on', async () => {
      await expectWorks('wayne', ci.token);
      const revoked = await call<TokenBody>('DELETE', `/api/v1/tenants/wayne/tokens/${ci.tokenId}`, {
        token: admin.token,
      });
      expect(revoked.status).toBe(200);
      expect(Object.keys(revoked.body).sort()).toEqual(TOKEN_VIEW_KEYS);
      expect(revoked.body).toMatchObject({
        tokenId: ci.tokenId,
        tenant: 'wayne',
        name: 'ci',
        role: 'publisher',
        revoked: true,
        revokedAt: expect.any(String),
      });
      expect(await lastEventOf(`wharf.wayne._.token.${ci.tokenId}`)).toMatchObject({
        type: 'token.revoked',
        actor: admin.tokenId,
        payload: { tokenId: ci.tokenId },
      });
      await expectRefused(() => call('GET', '/api/v1/tenants/wayne', { token: ci.token }), {
        status: 401,
        message: /revoked/,
      });
      const listed = (await listTokens('wayne', admin.token)).body.find((t) => t.tokenId === ci.tokenId);
      expect(listed).toMatchObject({ revoked: true, revokedAt: revoked.body.revokedAt });
    });

    it('answers 200 with the same view and records nothing when the token is already revoked', async () => {
      const again = await expectNothingRecorded(() =>
        call<TokenBody>('DELETE', `/api/v1/tenants/wayne/tokens/${ci.tokenId}`, { token: operatorToken }),
      );
      expect(again.body).toMatchObject({ tokenId: ci.tokenId, revoked: true });
    });

    it('answers 404 for a token the tenant does not have, and 400 for a malformed token id', async () => {
      const umbrellaToken = (await createToken('umbrella', operatorToken, 'other')).body;
      await expectRefused(
        () => call('DELETE', `/api/v1/tenants/wayne/tokens/${umbrellaToken.tokenId}`, { token: admin.token }),
        { status: 404 },
      );
      await expectRefused(
        () => call('DELETE', `/api/v1/tenants/umbrella/tokens/${umbrellaToken.tokenId}`, { token: admin.token }),
        { status: 404 },
      );
      await expectRefused(
        () => call('DELETE', '/api/v1/tenants/wayne/tokens/0000000000000000', { token: admin.token }),
        {
          status: 404,
        },
      );
      await expectWorks('umbrella', umbrellaToken.token);
      for (const tokenId of ['ZZZZ', 'abc*', `${ci.tokenId}0`]) {
        await expectRefused(() => call('DELETE', `/api/v1/tenants/wayne/tokens/${tokenId}`, { token: admin.token }), {
          status: 400,
          field: 'tokenId',
          rule: /16 lower-case hexadecimal digits/,
        });
      }
    });
  });

  it('refuses a token once it has expired (401)', async () => {
    expect((await createTenant({ name: 'Ephemeral', purpose: 'local', slug: 'ephemeral' })).status).toBe(201);
    const expiresAt = new Date(Date.now() + 3_000).toISOString();
    const shortLived = await createToken('ephemeral', operatorToken, { name: 'short', role: 'viewer', expiresAt });
    expect(shortLived.status).toBe(201);
    expect(shortLived.body.expiresAt).toBe(expiresAt);
    await expectWorks('ephemeral', shortLived.body.token);
    await sleep(Math.max(0, Date.parse(expiresAt) - Date.now()) + 100);
    await expectRefused(() => call('GET', '/api/v1/tenants/ephemeral', { token: shortLived.body.token }), {
      status: 401,
      message: /expired/,
    });
  });

  describe('roles and namespace bindings on token management', () => {
    const tokens: Record<string, string> = {};

    beforeAll(async () => {
      expect((await createTenant({ name: 'Roles', purpose: 'development', slug: 'roles' })).status).toBe(201);
      const admin = (await createToken('roles', operatorToken, 'admin')).body.token;
      tokens.admin = admin;
      for (const role of ['viewer', 'publisher', 'worker']) {
        tokens[role] = (await createToken('roles', admin, { name: role, role })).body.token;
      }
      tokens.boundAdmin = (await createToken('roles', admin, { name: 'bound-admin', namespace: 'ada' })).body.token;
    });

    it.each(['viewer', 'publisher', 'worker'])('refuses a %s token every token route (403)', async (role) => {
      await expectRefused(() => createToken('roles', tokens[role], 'mine'), {
        status: 403,
        rule: new RegExp(`role "${role}" does not allow tokens:manage`),
      });
      await expectRefused(() => listTokens('roles', tokens[role]), { status: 403 });
      await expectRefused(
        () =>
          call('DELETE', `/api/v1/tenants/roles/tokens/${tokenIdOf(tokens.admin)}`, {
            token: tokens[role],
          }),
        { status: 403 },
      );
      await expectWorks('roles', tokens[role]);
    });

    it('refuses an admin token bound to a namespace every token route (403)', async () => {
      await expectRefused(() => createToken('roles', tokens.boundAdmin, 'mine'), {
        status: 403,
        rule: /not bound to a namespace/,
      });
      await expectRefused(() => listTokens('roles', tokens.boundAdmin), { status: 403 });
      await expectRefused(
        () => call('DELETE', `/api/v1/tenants/roles/tokens/${tokenIdOf(tokens.viewer)}`, { token: tokens.boundAdmin }),
        { status: 403 },
      );
      await expectWorks('roles', tokens.viewer);
    });

    it('refuses the archive and rotate routes to a tenant admin (403)', async () => {
      await expectRefused(() => call('POST', '/api/v1/tenants/roles/archive', { token: tokens.admin }), {
        status: 403,
      });
      await expectRefused(() => call('POST', '/api/v1/operator/token/rotate', { token: tokens.admin }), {
        status: 403,
      });
    });
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
      [
        'a description of 1001 characters',
        { name: 'Acme', purpose: 'local', description: 'x'.repeat(1001) },
        'description',
        /at most 1000 characters/,
      ],
      [
        'a description with a bidi override',
        { name: 'Acme', purpose: 'local', description: 'evil\u202Etxt' },
        'description',
        /printable/,
      ],
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

    it.each([
      ['no role', { role: undefined }, 'role', /^role must be one of admin, worker, publisher, viewer$/],
      ['an unknown role', { role: 'owner' }, 'role', /must be one of admin, worker, publisher, viewer/],
      ['an upper-case namespace', { namespace: 'Ada' }, 'namespace', /lower-case letters/],
      ['a namespace with a dot', { namespace: 'a.b' }, 'namespace', /lower-case letters/],
      ['a wildcard namespace', { namespace: '*' }, 'namespace', /lower-case letters/],
      ['the reserved namespace', { namespace: '_' }, 'namespace', /lower-case letters/],
      ['a namespace of 64 characters', { namespace: 'n'.repeat(64) }, 'namespace', /at most 63/],
      ['an expiry in the past', { expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt', /must be in the future/],
      ['an expiry of now', { expiresAt: new Date().toISOString() }, 'expiresAt', /must be in the future/],
      ['an unparseable expiry', { expiresAt: 'tomorrow' }, 'expiresAt', /ISO 8601 date-time .* or "never"/],
      ['an expiry on 31 February', { expiresAt: '2099-02-31T00:00:00Z' }, 'expiresAt', /ISO 8601/],
      ['an expiry without a time zone', { expiresAt: '2099-01-01T00:00:00' }, 'expiresAt', /time zone/],
      ['a numeric expiry', { expiresAt: 4102444800000 }, 'expiresAt', /ISO 8601/],
      ['an unknown field', { owner: 'me' }, 'owner', /should not exist/],
    ])('refuses a token with %s (400)', async (_case, input, field, rule) => {
      await expectRefused(() => createToken('rejects', tenantToken, input as TokenInput), { status: 400, field, rule });
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
        await expectRefused(() => call('POST', '/api/v1/operator/token/rotate', { token }), {
          status: 401,
          field: 'authorization',
        });
      }
    });
  });

  describe('rotating the operator token', () => {
    it('replaces the operator token: the old one gets 401, the new one works, and a rotation with the old one fails', async () => {
      const previous = operatorToken;
      const rotated = await call<RotatedBody>('POST', '/api/v1/operator/token/rotate', { token: previous });
      expect(rotated.status).toBe(201);
      expect(rotated.body).toEqual({
        tokenId: expect.stringMatching(/^[0-9a-f]{16}$/),
        token: expect.stringMatching(/^wharf_[0-9a-f]{16}_/),
        createdAt: expect.any(String),
      });
      secrets.push(rotated.body.token);
      expect(tokenIdOf(rotated.body.token)).toBe(rotated.body.tokenId);
      expect(await lastEventOf('wharf._._.token.operator')).toMatchObject({
        type: 'operator-token.rotated',
        tenant: '_',
        namespace: '_',
        actor: tokenIdOf(previous),
        payload: {
          tokenId: rotated.body.tokenId,
          hash: hashToken(rotated.body.token),
          previousTokenId: tokenIdOf(previous),
        },
      });

      await expectRefused(() => call('GET', '/api/v1/tenants', { token: previous }), {
        status: 401,
        message: /revoked/,
      });
      await expectRefused(() => call('POST', '/api/v1/operator/token/rotate', { token: previous }), { status: 401 });
      operatorToken = rotated.body.token;
      expect((await call('GET', '/api/v1/tenants', { token: operatorToken })).status).toBe(200);
      expect((await createTenant({ name: 'After rotation', purpose: 'local', slug: 'after-rotation' })).status).toBe(
        201,
      );
      const afterRotation = await lastEventOf('wharf.after-rotation._.tenant.after-rotation');
      expect(afterRotation.actor).toBe(rotated.body.tokenId);
    });

    it('rotates again with the new token, chaining the previous token ids', async () => {
      const previous = operatorToken;
      const rotated = await call<RotatedBody>('POST', '/api/v1/operator/token/rotate', { token: previous });
      expect(rotated.status).toBe(201);
      secrets.push(rotated.body.token);
      operatorToken = rotated.body.token;
      const events = await store.readSubject('wharf._._.token.operator');
      expect(events.map((e) => e.type)).toEqual(['token.created', 'operator-token.rotated', 'operator-token.rotated']);
      expect(events[2].payload).toMatchObject({ previousTokenId: tokenIdOf(previous), tokenId: rotated.body.tokenId });
      await expectRefused(() => call('GET', '/api/v1/tenants', { token: previous }), { status: 401 });
      expect((await call('GET', '/api/v1/tenants', { token: operatorToken })).status).toBe(200);
    });

    it('lists no operator token among a tenant’s tokens', async () => {
      const listed = (await listTokens('umbrella', operatorToken)).body;
      expect(listed.length).toBeGreaterThan(0);
      expect(listed.every((t) => t.tenant === 'umbrella')).toBe(true);
    });
  });

  it('records every administrative act with the id of the token that did it as its actor', async () => {
    const events = (await readAllEvents(store)).filter((e) => e.namespace === '_');
    const types = new Set(events.map((e) => e.type));
    for (const type of [
      'tenant.created',
      'tenant.renamed',
      'tenant.described',
      'tenant.archived',
      'token.created',
      'token.revoked',
      'operator-token.rotated',
    ]) {
      expect(types).toContain(type);
    }
    const tokenIds = new Set(
      events.flatMap((e) =>
        e.type === 'token.created' || e.type === 'operator-token.rotated' ? [e.payload.tokenId] : [],
      ),
    );
    const bootstrap = events.filter((e) => e.actor === SYSTEM_ACTOR);
    expect(bootstrap.map((e) => e.subject)).toEqual(['wharf._._.token.operator']);
    for (const event of events.filter((e) => e.actor !== SYSTEM_ACTOR)) {
      expect({ type: event.type, actor: event.actor, known: tokenIds.has(event.actor) }).toEqual({
        type: event.type,
        actor: expect.stringMatching(/^[0-9a-f]{16}$/),
        known: true,
      });
    }
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
      expect(readModel).not.toContain(secretPart);
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

  it('records no new operator token on a restart after the operator token was rotated', async () => {
    const [created] = await stores[0].readSubject<'token.created'>('wharf._._.token.operator');
    const current = created.payload.tokenId;
    const next = issueToken();
    await decideAndAppend(stores[0], {
      location: OPERATOR_TOKEN_LOCATION,
      decider: operatorTokenDecider,
      command: { kind: 'rotate-operator-token', actor: current, tokenId: next.tokenId, hash: next.hash },
      actor: current,
    });
    expect(await stores[0].readSubject('wharf._._.token.operator')).toHaveLength(2);
    const quiet = recordingLogger();
    expect(await ensureOperatorToken({ store: stores[2], dataDir, logger: quiet })).toBe('exists');
    expect(await stores[0].readSubject('wharf._._.token.operator')).toHaveLength(2);
  });
});
