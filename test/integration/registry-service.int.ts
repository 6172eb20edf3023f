import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { issueToken } from '@wharf/auth';
import { EventStore } from '@wharf/event-store';
import { EventEnvelope, newEvent, StoredEvent, TokenRole } from '@wharf/events';
import { ProjectionRunner } from '@wharf/projections';
import { configureHttp } from '@wharf/service-kit';
import { HeartbeatBoard } from '../../apps/registry/src/heartbeats/heartbeat-board';
import { HEARTBEAT_BUCKET, HeartbeatBucket } from '../../apps/registry/src/heartbeats/heartbeat-bucket';
import { HEARTBEAT_CONFIG, HeartbeatConfig } from '../../apps/registry/src/heartbeats/heartbeat-config';
import { HeartbeatSweeper } from '../../apps/registry/src/heartbeats/heartbeat-sweeper';
import { WorkerEntity } from '../../apps/registry/src/workers/worker.entity';
import { freePort, RunningNats, startNatsServer } from '../support/nats-server';

const HEARTBEAT_TIMEOUT_MS = 1_000;

interface Reply {
  status: number;
  /** Parsed JSON; `any` keeps the assertions on response shapes short. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

interface CallOptions {
  token?: string | null;
  namespace?: string;
  /** X-Wharf-Tenant: the tenant the operator token reads in. */
  tenant?: string;
  body?: unknown;
  /** Sent as is, for malformed JSON. */
  rawBody?: string;
}

/** Waits until `check` holds; a bounded wait, not an assertion on how long it takes. */
async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: still not true after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('registry service (in process, real nats-server and SQLite)', () => {
  const savedEnv = { ...process.env };
  let nats: RunningNats;
  let store: EventStore;
  let dataDir: string;
  let app: INestApplication;
  let baseUrl: string;
  let acmeToken: string;
  let globexToken: string;
  let operatorToken: string;
  let sweeper: HeartbeatSweeper;

  async function seedToken(
    tenant: string,
    operator = false,
    grant: { role?: TokenRole; namespace?: string } = {},
  ): Promise<string> {
    const { tokenId, token, hash } = issueToken();
    await store.append(
      newEvent({
        type: 'token.created',
        tenant,
        namespace: '_',
        aggregate: { type: 'token', id: tokenId },
        actor: 'test',
        payload: { tokenId, tenant, name: 'registry-test', hash, operator, ...grant },
      }),
      { expectedLastSubjectSeq: 0 },
    );
    return token;
  }

  async function call(method: string, path: string, options: CallOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = {};
    const token = options.token === undefined ? acmeToken : options.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (options.namespace !== undefined) headers['x-wharf-namespace'] = options.namespace;
    if (options.tenant !== undefined) headers['x-wharf-tenant'] = options.tenant;
    let body: string | undefined;
    if (options.rawBody !== undefined || options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = options.rawBody ?? JSON.stringify(options.body);
    }
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, body: text === '' ? null : JSON.parse(text) };
  }

  async function register(body: Record<string, unknown>, options: CallOptions = {}): Promise<Reply> {
    return call('POST', '/api/v1/workers', { ...options, body });
  }

  function workerSubject(workerId: string, namespace = 'default', tenant = 'acme'): string {
    return `wharf.${tenant}.${namespace}.worker.${workerId}`;
  }

  async function eventTypes(subject: string): Promise<string[]> {
    return (await store.readSubject(subject)).map((e) => e.type);
  }

  beforeAll(async () => {
    nats = await startNatsServer();
    dataDir = mkdtempSync(join(tmpdir(), 'wharf-registry-'));
    const port = await freePort();
    // The service reads its configuration when its module is defined: set it before importing it.
    Object.assign(process.env, {
      WHARF_NATS_URL: nats.url,
      WHARF_DATA_DIR: dataDir,
      WHARF_REGISTRY_PORT: String(port),
      WHARF_HEARTBEAT_INTERVAL_MS: '200',
      WHARF_HEARTBEAT_TIMEOUT_MS: String(HEARTBEAT_TIMEOUT_MS),
      WHARF_HEARTBEAT_SWEEP_MS: '100',
    });
    store = await EventStore.connect({ name: 'registry-test', env: { WHARF_NATS_URL: nats.url } });
    acmeToken = await seedToken('acme');
    globexToken = await seedToken('globex');
    operatorToken = await seedToken('_', true);

    const { RegistryAppModule } = await import('../../apps/registry/src/registry-app.module');
    const nest = await NestFactory.create<NestExpressApplication>(RegistryAppModule, {
      bodyParser: false,
      logger: false,
    });
    configureHttp(nest, 1 << 20);
    await nest.listen(port, '127.0.0.1');
    app = nest;
    baseUrl = `http://127.0.0.1:${port}`;
    // Timeouts are exercised by the sweeper tests below, which start it (or call it) themselves;
    // everywhere else a worker's availability must not depend on how fast the test runs.
    sweeper = app.get(HeartbeatSweeper);
    await sweeper.stop();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await nats?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    process.env = savedEnv;
  });

  describe('workers', () => {
    it('registers a worker, lists it, gets it and deregisters it (twice is idempotent)', async () => {
      const registered = await register({
        name: 'mailer-1',
        actions: ['email:send', 'email_bounce'],
        maxRuns: 3,
        labels: { region: 'eu-west', 'gpu:count': '0' },
      });
      expect(registered.status).toBe(201);
      const workerId: string = registered.body.workerId;
      expect(workerId).toMatch(/^[0-9a-f-]{36}$/);
      expect(registered.body).toEqual({
        workerId,
        name: 'mailer-1',
        namespace: 'default',
        actions: ['email:send', 'email_bounce'],
        maxRuns: 3,
        labels: { region: 'eu-west', 'gpu:count': '0' },
        status: 'available',
        heartbeatIntervalMs: 200,
        heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS,
      });

      const [event] = (await store.readSubject(workerSubject(workerId))) as StoredEvent<'worker.registered'>[];
      expect(event).toMatchObject({
        type: 'worker.registered',
        tenant: 'acme',
        namespace: 'default',
        aggregate: { type: 'worker', id: workerId },
        payload: { workerId, name: 'mailer-1', actions: ['email:send', 'email_bounce'], maxRuns: 3 },
      });
      expect(JSON.stringify(event)).not.toContain(acmeToken);

      const expectedView = {
        workerId,
        name: 'mailer-1',
        namespace: 'default',
        actions: ['email:send', 'email_bounce'],
        maxRuns: 3,
        labels: { region: 'eu-west', 'gpu:count': '0' },
        status: 'available',
        registeredAt: event.occurredAt,
        lastHeartbeatAt: null,
      };
      const list = await call('GET', '/api/v1/workers');
      expect(list.status).toBe(200);
      expect(list.body).toContainEqual(expectedView);
      expect(await call('GET', `/api/v1/workers/${workerId}`)).toEqual({ status: 200, body: expectedView });

      expect(await call('DELETE', `/api/v1/workers/${workerId}`)).toEqual({
        status: 200,
        body: { workerId, status: 'deregistered' },
      });
      expect((await call('GET', `/api/v1/workers/${workerId}`)).body.status).toBe('deregistered');
      const seqAfterFirst = await store.lastSubjectSeq(workerSubject(workerId));

      expect(await call('DELETE', `/api/v1/workers/${workerId}`)).toEqual({
        status: 200,
        body: { workerId, status: 'deregistered' },
      });
      expect(await store.lastSubjectSeq(workerSubject(workerId))).toBe(seqAfterFirst);
      expect(await eventTypes(workerSubject(workerId))).toEqual(['worker.registered', 'worker.deregistered']);
    });

    it('defaults maxRuns to 1 and labels to none', async () => {
      const registered = await register({ name: 'plain', actions: ['noop'] });
      expect(registered.status).toBe(201);
      expect(registered.body).toMatchObject({ maxRuns: 1, labels: {} });
    });

    it('answers 404 for a worker id that does not exist or is not a worker id', async () => {
      expect((await call('GET', '/api/v1/workers/0b6c2f3e-7a1d-4c59-9f0e-2d8a4b1c6e73')).status).toBe(404);
      expect((await call('GET', '/api/v1/workers/not-a-worker')).status).toBe(404);
      expect((await call('POST', '/api/v1/workers/0b6c2f3e-7a1d-4c59-9f0e-2d8a4b1c6e73/heartbeat')).status).toBe(404);
      expect((await call('DELETE', '/api/v1/workers/0b6c2f3e-7a1d-4c59-9f0e-2d8a4b1c6e73')).status).toBe(404);
    });
  });

  describe('heartbeats', () => {
    it('stores a heartbeat in the KV bucket, not in the stream, and shows it on the worker', async () => {
      const { body } = await register({ name: 'beating', actions: ['noop'] });
      const lastSeq = await store.lastSeq();

      const beat = await call('POST', `/api/v1/workers/${body.workerId}/heartbeat`);
      expect(beat).toEqual({ status: 200, body: { workerId: body.workerId, status: 'available' } });

      expect(await store.lastSeq()).toBe(lastSeq);
      const kv = await store.js.views.kv(HEARTBEAT_BUCKET, { bindOnly: true });
      const entry = await kv.get(`acme.default.${body.workerId}`);
      expect(entry?.string()).toEqual(expect.any(String));
      const view = await call('GET', `/api/v1/workers/${body.workerId}`);
      expect(view.body.lastHeartbeatAt).toBe(entry?.string());
    });

    it('refuses a heartbeat of a deregistered worker with 410 Gone', async () => {
      const { body } = await register({ name: 'leaving', actions: ['noop'] });
      await call('DELETE', `/api/v1/workers/${body.workerId}`);
      const lastSeq = await store.lastSeq();
      const beat = await call('POST', `/api/v1/workers/${body.workerId}/heartbeat`);
      expect(beat.status).toBe(410);
      expect(beat.body).toMatchObject({ statusCode: 410, error: 'Gone' });
      expect(await store.lastSeq()).toBe(lastSeq);
    });
  });

  describe('isolation', () => {
    it('keeps a worker of namespace ab invisible from namespace cd', async () => {
      const registered = await register({ name: 'isolated', actions: ['noop'] }, { namespace: 'ab' });
      expect(registered.status).toBe(201);
      const { workerId } = registered.body;
      expect(registered.body.namespace).toBe('ab');
      expect(await eventTypes(workerSubject(workerId, 'ab'))).toEqual(['worker.registered']);

      const fromAb = await call('GET', '/api/v1/workers', { namespace: 'ab' });
      expect(fromAb.body.map((w: { workerId: string }) => w.workerId)).toContain(workerId);

      const fromCd = await call('GET', '/api/v1/workers', { namespace: 'cd' });
      expect(fromCd.body.map((w: { workerId: string }) => w.workerId)).not.toContain(workerId);
      expect((await call('GET', `/api/v1/workers/${workerId}`, { namespace: 'cd' })).status).toBe(404);
      expect((await call('GET', `/api/v1/workers/${workerId}`)).status).toBe(404);
      expect((await call('POST', `/api/v1/workers/${workerId}/heartbeat`, { namespace: 'cd' })).status).toBe(404);
      expect((await call('DELETE', `/api/v1/workers/${workerId}`, { namespace: 'cd' })).status).toBe(404);

      expect((await call('GET', `/api/v1/workers/${workerId}`, { namespace: 'ab' })).body.status).toBe('available');
      expect(await eventTypes(workerSubject(workerId, 'ab'))).toEqual(['worker.registered']);
    });

    it("answers 404 to another tenant's token for a worker and a workflow", async () => {
      const { body } = await register({ name: 'acme-only', actions: ['noop'] });
      await call('POST', '/api/v1/workflows', {
        body: { name: 'acme-flow', eventKeys: ['a'], steps: [{ name: 's', action: 'noop' }] },
      });
      const lastSeq = await store.lastSeq();
      const asGlobex = { token: globexToken };

      expect((await call('GET', `/api/v1/workers/${body.workerId}`, asGlobex)).status).toBe(404);
      expect((await call('POST', `/api/v1/workers/${body.workerId}/heartbeat`, asGlobex)).status).toBe(404);
      expect((await call('DELETE', `/api/v1/workers/${body.workerId}`, asGlobex)).status).toBe(404);
      expect((await call('GET', '/api/v1/workers', asGlobex)).body).toEqual([]);
      expect((await call('GET', '/api/v1/workflows/acme-flow', asGlobex)).status).toBe(404);
      expect((await call('GET', '/api/v1/workflows', asGlobex)).body).toEqual([]);
      expect(await store.lastSeq()).toBe(lastSeq);
      expect((await call('GET', `/api/v1/workers/${body.workerId}`)).status).toBe(200);
    });

    it('refuses the operator token, which belongs to no tenant', async () => {
      const lastSeq = await store.lastSeq();
      const reply = await register({ name: 'ops', actions: ['noop'] }, { token: operatorToken });
      expect(reply.status).toBe(403);
      expect(await store.lastSeq()).toBe(lastSeq);
    });
  });

  describe('workflows', () => {
    const definition = {
      name: 'onboarding',
      eventKeys: ['user:created'],
      steps: [
        { name: 'welcome', action: 'email:send' },
        { name: 'crm', action: 'crm:sync' },
      ],
    };

    it('puts version 1 (201), then version 2 (200), and serves the latest', async () => {
      const first = await call('POST', '/api/v1/workflows', { body: definition });
      expect(first).toEqual({ status: 201, body: { ...definition, namespace: 'default', version: 1 } });

      const changed = { ...definition, eventKeys: ['user:created', 'user:invited'] };
      const second = await call('POST', '/api/v1/workflows', { body: changed });
      expect(second).toEqual({ status: 200, body: { ...changed, namespace: 'default', version: 2 } });

      const events = (await store.readSubject(
        'wharf.acme.default.workflow.onboarding',
      )) as StoredEvent<'workflow.put'>[];
      expect(events.map((e) => [e.type, e.payload.version])).toEqual([
        ['workflow.put', 1],
        ['workflow.put', 2],
      ]);

      const got = await call('GET', '/api/v1/workflows/onboarding');
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ ...changed, namespace: 'default', version: 2, createdAt: events[0].occurredAt });
      const list = await call('GET', '/api/v1/workflows');
      expect(list.body).toContainEqual(expect.objectContaining({ name: 'onboarding', version: 2 }));
    });

    it('gives concurrent puts of one workflow distinct, consecutive versions', async () => {
      const puts = await Promise.all(
        [1, 2, 3, 4].map((n) =>
          call('POST', '/api/v1/workflows', { body: { ...definition, name: 'contended', eventKeys: [`key-${n}`] } }),
        ),
      );
      expect(puts.map((p) => p.status).sort()).toEqual([200, 200, 200, 201]);
      expect(puts.map((p) => p.body.version).sort()).toEqual([1, 2, 3, 4]);
      const events = (await store.readSubject(
        'wharf.acme.default.workflow.contended',
      )) as StoredEvent<'workflow.put'>[];
      expect(events.map((e) => e.payload.version)).toEqual([1, 2, 3, 4]);
      const latest = events[3].payload.eventKeys;
      expect((await call('GET', '/api/v1/workflows/contended')).body).toMatchObject({ version: 4, eventKeys: latest });
    });

    it('versions the same workflow name separately in each namespace', async () => {
      const other = await call('POST', '/api/v1/workflows', { body: definition, namespace: 'ab' });
      expect(other.status).toBe(201);
      expect(other.body).toMatchObject({ namespace: 'ab', version: 1 });
      expect((await call('GET', '/api/v1/workflows/onboarding', { namespace: 'cd' })).status).toBe(404);
    });
  });

  describe('rejected input leaves the stream unchanged', () => {
    const validWorker = { name: 'valid', actions: ['email:send'] };
    const validWorkflow = { name: 'flow', eventKeys: ['user:created'], steps: [{ name: 'one', action: 'noop' }] };
    const badNames: [string, unknown, RegExp][] = [
      ['a dot', 'mailer.1', /may contain only/],
      ['a star', 'mailer*', /may contain only/],
      ['a chevron', 'mailer>', /may contain only/],
      ['a space', 'mail er', /may contain only/],
      ['upper case', 'Mailer', /may contain only/],
      ['nothing', '', /must not be empty/],
      ['129 characters', 'm'.repeat(129), /at most 128 characters/],
      ['a number', 7, /must be a string/],
    ];

    let lastSeq: number;
    beforeEach(async () => {
      lastSeq = await store.lastSeq();
    });
    afterEach(async () => {
      expect(await store.lastSeq()).toBe(lastSeq);
    });

    function expectRejected(reply: Reply, status: number, field: string, rule: RegExp): void {
      expect(reply.status).toBe(status);
      expect(reply.body).toMatchObject({ statusCode: status, field });
      expect(reply.body.rule).toMatch(rule);
    }

    it.each(badNames)('refuses a worker name with %s', async (_, name, rule) => {
      expectRejected(await register({ ...validWorker, name }), 400, 'name', rule);
    });

    it.each(badNames)('refuses a workflow name with %s', async (_, name, rule) => {
      expectRejected(await call('POST', '/api/v1/workflows', { body: { ...validWorkflow, name } }), 400, 'name', rule);
    });

    it.each(badNames.filter(([, name]) => typeof name === 'string'))(
      'refuses an action name with %s',
      async (_, action, rule) => {
        expectRejected(await register({ ...validWorker, actions: ['ok', action] }), 400, 'actions', rule);
      },
    );

    it('refuses worker actions that are missing, not a list, empty, repeated or too many', async () => {
      expectRejected(await register({ name: 'w' }), 400, 'actions', /array of action names/);
      expectRejected(await register({ name: 'w', actions: 'email:send' }), 400, 'actions', /array of action names/);
      expectRejected(await register({ name: 'w', actions: [] }), 400, 'actions', /at least 1 action/);
      expectRejected(await register({ name: 'w', actions: ['a', 'b', 'a'] }), 400, 'actions', /same action twice/);
      const many = Array.from({ length: 101 }, (_, i) => `a${i}`);
      expectRejected(await register({ name: 'w', actions: many }), 400, 'actions', /at most 100 actions/);
    });

    it('refuses maxRuns outside 1..1000 or not an integer', async () => {
      expectRejected(await register({ ...validWorker, maxRuns: 0 }), 400, 'maxRuns', /at least 1/);
      expectRejected(await register({ ...validWorker, maxRuns: 1001 }), 400, 'maxRuns', /at most 1000/);
      expectRejected(await register({ ...validWorker, maxRuns: 1.5 }), 400, 'maxRuns', /integer/);
      expectRejected(await register({ ...validWorker, maxRuns: '2' }), 400, 'maxRuns', /integer/);
    });

    it('refuses labels with a bad key, a bad value or too many entries', async () => {
      expectRejected(
        await register({ ...validWorker, labels: { 'zone.a': 'x' } }),
        400,
        'labels',
        /key "zone.a" may contain only/,
      );
      expectRejected(await register({ ...validWorker, labels: { zone: '' } }), 400, 'labels', /1 to 128 characters/);
      expectRejected(await register({ ...validWorker, labels: ['zone'] }), 400, 'labels', /must be an object/);
      const many = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'v']));
      expectRejected(await register({ ...validWorker, labels: many }), 400, 'labels', /at most 32 entries/);
    });

    it('refuses a body that is not a JSON object', async () => {
      expect((await call('POST', '/api/v1/workers', { rawBody: '[]' })).status).toBe(400);
      expect((await call('POST', '/api/v1/workers', { rawBody: '"mailer"' })).status).toBe(400);
      expect((await call('POST', '/api/v1/workflows', { rawBody: '[{"name": "flow"}]' })).status).toBe(400);
    });

    it('refuses a property the contract does not know', async () => {
      expectRejected(await register({ ...validWorker, workerId: 'mine' }), 400, 'workerId', /should not exist/);
    });

    it('refuses bad event keys and steps of a workflow', async () => {
      const put = (body: unknown) => call('POST', '/api/v1/workflows', { body });
      expectRejected(await put({ ...validWorkflow, eventKeys: [] }), 400, 'eventKeys', /at least 1 event key/);
      expectRejected(
        await put({ ...validWorkflow, eventKeys: ['user created'] }),
        400,
        'eventKeys',
        /may contain only/,
      );
      expectRejected(await put({ ...validWorkflow, eventKeys: ['a', 'a'] }), 400, 'eventKeys', /same event key twice/);
      expectRejected(await put({ ...validWorkflow, steps: [] }), 400, 'steps', /at least 1 step/);
      expectRejected(await put({ ...validWorkflow, steps: 'one' }), 400, 'steps', /array of/);
      expectRejected(
        await put({ ...validWorkflow, steps: [{ name: 'one' }] }),
        400,
        'steps.0.action',
        /must be a string/,
      );
      expectRejected(
        await put({
          ...validWorkflow,
          steps: [
            { name: 'one', action: 'a' },
            { name: 'one', action: 'b' },
          ],
        }),
        400,
        'steps',
        /same step name twice/,
      );
      expectRejected(
        await put({ ...validWorkflow, steps: [{ name: 'step>', action: 'a' }] }),
        400,
        'steps.0.name',
        /may contain only/,
      );
      expectRejected(
        await put({ ...validWorkflow, steps: [{ name: 'one', action: 'A*' }] }),
        400,
        'steps.0.action',
        /may contain only/,
      );
    });

    it('refuses malformed JSON with 400', async () => {
      const reply = await call('POST', '/api/v1/workers', { rawBody: '{"name": "w", "actions": [' });
      expect(reply.status).toBe(400);
    });

    // Nest turns body-parser's SyntaxError into a bare BadRequestException before the service-kit's
    // JsonErrorFilter sees it, so the reply lacks field and rule (fix proposed for libs/service-kit).
    // This flips to failing once that fix lands: then drop `.failing`.
    it('names the body field and the JSON rule for malformed JSON', async () => {
      const reply = await call('POST', '/api/v1/workers', { rawBody: '{"name": "w", "actions": [' });
      expectRejected(reply, 400, 'body', /valid JSON/);
    });

    it('refuses a missing, malformed or unknown token with 401', async () => {
      expectRejected(await register(validWorker, { token: null }), 401, 'authorization', /Bearer/);
      expectRejected(await register(validWorker, { token: 'not-a-token' }), 401, 'authorization', /Bearer/);
      expectRejected(await register(validWorker, { token: issueToken().token }), 401, 'authorization', /Bearer/);
      expect((await call('GET', '/api/v1/workers', { token: issueToken().token })).status).toBe(401);
    });

    it('refuses a namespace header that breaks the namespace rule', async () => {
      expectRejected(await register(validWorker, { namespace: 'a.b' }), 400, 'X-Wharf-Namespace', /may contain only/);
      expectRejected(await register(validWorker, { namespace: 'AB' }), 400, 'X-Wharf-Namespace', /may contain only/);
    });

    it('refuses to look up a workflow by a name that breaks the workflow rule', async () => {
      expectRejected(await call('GET', '/api/v1/workflows/on.boarding'), 400, 'name', /may contain only/);
    });
  });

  describe('heartbeat timeout', () => {
    let second: { store: EventStore; board: HeartbeatBoard; sweeper: HeartbeatSweeper };

    /** A second registry instance's sweeper: its own connection and its own board of the bucket. */
    beforeAll(async () => {
      const secondStore = await EventStore.connect({ name: 'registry-test-second', env: { WHARF_NATS_URL: nats.url } });
      const bucket = await HeartbeatBucket.open(secondStore);
      const board = new HeartbeatBoard(bucket);
      await board.start();
      const workers = app.get(DataSource).getRepository(WorkerEntity);
      const config = app.get<HeartbeatConfig>(HEARTBEAT_CONFIG);
      second = {
        store: secondStore,
        board,
        sweeper: new HeartbeatSweeper(secondStore, workers, bucket, board, config),
      };
    });

    afterAll(async () => {
      await sweeper.stop();
      second?.board.onModuleDestroy();
      await second?.store.close();
    });

    it('declares a silent worker unavailable once, and a heartbeat brings it back', async () => {
      const { body } = await register({ name: 'silent', actions: ['noop'] });
      const subject = workerSubject(body.workerId);

      await sweeper.start();
      await eventually('the silent worker is unavailable', async () => {
        const view = await call('GET', `/api/v1/workers/${body.workerId}`);
        return view.body.status === 'unavailable';
      });
      await sweeper.stop();

      // Both instances sweep again while it stays silent: nothing more is recorded.
      const later = new Date(Date.now() + 10 * HEARTBEAT_TIMEOUT_MS);
      await Promise.all([sweeper.sweep(later), second.sweeper.sweep(later)]);
      const events = await store.readSubject(subject);
      expect(events.map((e) => e.type)).toEqual(['worker.registered', 'worker.became-unavailable']);
      expect(events[1]).toMatchObject({
        actor: 'system',
        payload: { workerId: body.workerId, reason: 'heartbeat-timeout', lastHeartbeatAt: null },
      });

      const beat = await call('POST', `/api/v1/workers/${body.workerId}/heartbeat`);
      expect(beat).toEqual({ status: 200, body: { workerId: body.workerId, status: 'available' } });
      expect(await eventTypes(subject)).toEqual([
        'worker.registered',
        'worker.became-unavailable',
        'worker.became-available',
      ]);
      expect((await call('GET', `/api/v1/workers/${body.workerId}`)).body.status).toBe('available');

      // Another heartbeat on the available worker records nothing.
      await call('POST', `/api/v1/workers/${body.workerId}/heartbeat`);
      expect(await eventTypes(subject)).toHaveLength(3);
    });

    it('records a timeout exactly once when two instances sweep the same workers at once', async () => {
      const workerIds: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        const { body } = await register({ name: `raced-${i}`, actions: ['noop'] });
        workerIds.push(body.workerId);
        await call('POST', `/api/v1/workers/${body.workerId}/heartbeat`);
      }
      const later = new Date(Date.now() + 10 * HEARTBEAT_TIMEOUT_MS);
      const available = await app.get(DataSource).getRepository(WorkerEntity).countBy({ status: 'available' });

      const [mine, theirs] = await Promise.all([sweeper.sweep(later), second.sweeper.sweep(later)]);

      for (const workerId of workerIds) {
        const events = await store.readSubject(workerSubject(workerId));
        const timeouts = events.filter(
          (e) => e.type === 'worker.became-unavailable',
        ) as StoredEvent<'worker.became-unavailable'>[];
        expect(timeouts).toHaveLength(1);
        expect(timeouts[0].payload.lastHeartbeatAt).toEqual(expect.any(String));
      }
      // Every available worker was declared by exactly one of the two sweepers.
      expect(mine + theirs).toBe(available);
      await eventually('every raced worker is unavailable', async () => {
        const list = await call('GET', '/api/v1/workers');
        return workerIds.every(
          (id) => list.body.find((w: { workerId: string }) => w.workerId === id)?.status === 'unavailable',
        );
      });
    });
  });

  describe('namespaces', () => {
    // Fresh tenants, so every count below is exactly what these tests recorded.
    let initech: Record<'admin' | 'boundViewer' | 'publisher' | 'worker', string>;
    let hoolieAdmin: string;

    async function appendNext(event: EventEnvelope): Promise<void> {
      const subject = `wharf.${event.tenant}.${event.namespace}.${event.aggregate.type}.${event.aggregate.id}`;
      await store.append(event, { expectedLastSubjectSeq: await store.lastSubjectSeq(subject) });
    }

    function pushed(tenant: string, namespace: string, eventId: string): EventEnvelope {
      return newEvent({
        type: 'event.pushed',
        tenant,
        namespace,
        aggregate: { type: 'event', id: eventId },
        actor: 'test',
        payload: { eventId, key: 'user:created', payload: {}, metadata: {}, runs: [] },
      });
    }

    async function recordedIn(tenant: string, namespace: string): Promise<{ first: string; last: string }> {
      const times: string[] = [];
      const lastSeq = await store.lastSeq();
      for (const type of ['worker', 'workflow', 'event']) {
        await store.readRange(`wharf.${tenant}.${namespace}.${type}.>`, 1, lastSeq, (e) => {
          times.push(e.occurredAt);
        });
      }
      times.sort();
      return { first: times[0], last: times[times.length - 1] };
    }

    beforeAll(async () => {
      initech = {
        admin: await seedToken('initech'),
        boundViewer: await seedToken('initech', false, { role: 'viewer', namespace: 'ab' }),
        publisher: await seedToken('initech', false, { role: 'publisher' }),
        worker: await seedToken('initech', false, { role: 'worker' }),
      };
      hoolieAdmin = await seedToken('hoolie');
      const asAdmin = { token: initech.admin };

      // ab: three workers (one deregistered, one silent), two workflow names (one put twice), two events.
      const workerIds: string[] = [];
      for (const name of ['w1', 'w2', 'w3']) {
        workerIds.push((await register({ name, actions: ['noop'] }, { ...asAdmin, namespace: 'ab' })).body.workerId);
      }
      expect((await call('DELETE', `/api/v1/workers/${workerIds[2]}`, { ...asAdmin, namespace: 'ab' })).status).toBe(
        200,
      );
      await appendNext(
        newEvent({
          type: 'worker.became-unavailable',
          tenant: 'initech',
          namespace: 'ab',
          aggregate: { type: 'worker', id: workerIds[1] },
          actor: 'system',
          payload: { workerId: workerIds[1], reason: 'heartbeat-timeout', lastHeartbeatAt: null },
        }),
      );
      const flow = (name: string, key: string) => ({ name, eventKeys: [key], steps: [{ name: 's', action: 'noop' }] });
      for (const body of [flow('flow-a', 'a'), flow('flow-a', 'b'), flow('flow-b', 'a')]) {
        expect((await call('POST', '/api/v1/workflows', { ...asAdmin, namespace: 'ab', body })).status).toBeLessThan(
          300,
        );
      }
      await appendNext(pushed('initech', 'ab', 'evt-ab-1'));
      await appendNext(pushed('initech', 'ab', 'evt-ab-2'));
      // cd: one workflow and one event, no worker.
      await call('POST', '/api/v1/workflows', { ...asAdmin, namespace: 'cd', body: flow('flow-c', 'c') });
      await appendNext(pushed('initech', 'cd', 'evt-cd-1'));
      // The same namespace name in another tenant.
      await appendNext(pushed('hoolie', 'ab', 'evt-hoolie-1'));
    });

    async function expectedInitech() {
      const [ab, cd] = [await recordedIn('initech', 'ab'), await recordedIn('initech', 'cd')];
      return [
        {
          namespace: 'ab',
          workers: 2,
          availableWorkers: 1,
          workflows: 2,
          events: 2,
          firstSeenAt: ab.first,
          lastSeenAt: ab.last,
        },
        {
          namespace: 'cd',
          workers: 0,
          availableWorkers: 0,
          workflows: 1,
          events: 1,
          firstSeenAt: cd.first,
          lastSeenAt: cd.last,
        },
      ];
    }

    it('lists every namespace seen in the tenant with its counts, whatever namespace the request names', async () => {
      const expected = await expectedInitech();
      expect(await call('GET', '/api/v1/namespaces', { token: initech.admin })).toEqual({
        status: 200,
        body: expected,
      });
      expect(await call('GET', '/api/v1/namespaces', { token: initech.admin, namespace: 'zz' })).toEqual({
        status: 200,
        body: expected,
      });
    });

    it('never counts across tenants', async () => {
      const hoolie = await recordedIn('hoolie', 'ab');
      expect(await call('GET', '/api/v1/namespaces', { token: hoolieAdmin })).toEqual({
        status: 200,
        body: [
          {
            namespace: 'ab',
            workers: 0,
            availableWorkers: 0,
            workflows: 0,
            events: 1,
            firstSeenAt: hoolie.first,
            lastSeenAt: hoolie.last,
          },
        ],
      });
      expect((await call('GET', '/api/v1/namespaces', { token: globexToken })).body).toEqual([]);
      const acme = (await call('GET', '/api/v1/namespaces')).body as { namespace: string; events: number }[];
      expect(acme.map((n) => n.namespace)).not.toContain('cd');
      expect(acme.every((n) => n.events === 0)).toBe(true);
    });

    it('shows a namespace-bound token its own namespace only', async () => {
      const [ab] = await expectedInitech();
      expect(await call('GET', '/api/v1/namespaces', { token: initech.boundViewer })).toEqual({
        status: 200,
        body: [ab],
      });
      expect((await call('GET', '/api/v1/namespaces', { token: initech.boundViewer, namespace: 'cd' })).status).toBe(
        403,
      );
    });

    it('is refused to the worker and publisher roles, and read by the operator inside a tenant it names', async () => {
      for (const token of [initech.worker, initech.publisher]) {
        const reply = await call('GET', '/api/v1/namespaces', { token });
        expect(reply.status).toBe(403);
        expect(reply.body.rule).toMatch(/does not allow namespaces:read/);
      }
      expect((await call('GET', '/api/v1/namespaces', { token: operatorToken })).status).toBe(403);
      expect(await call('GET', '/api/v1/namespaces', { token: operatorToken, tenant: 'initech' })).toEqual({
        status: 200,
        body: await expectedInitech(),
      });
    });

    it('answers the same after a rebuild of the read model', async () => {
      const before = await call('GET', '/api/v1/namespaces', { token: initech.admin });
      await app.get(ProjectionRunner).rebuild();
      expect(await call('GET', '/api/v1/namespaces', { token: initech.admin })).toEqual(before);
      expect(before.body).toEqual(await expectedInitech());
    });
  });
});
