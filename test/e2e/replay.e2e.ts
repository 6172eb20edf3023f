import { randomUUID } from 'node:crypto';
import { EventStore } from '@wharf/event-store';
import { AnyStoredEvent, newEvent, StoredEvent } from '@wharf/events';
import { Replay, ReplayDryRun, Wharf, WharfWorker } from '@wharf/sdk';
import { eventually } from '../support/eventually';
import { createTenant, TenantFixture } from '../support/tenant-fixture';
import { startWharfCluster, WharfCluster } from '../support/wharf-cluster';

jest.setTimeout(600_000);

/** A replay killed after this many appends by one run (test-only switch of the dispatch service). */
const CRASH_AFTER = 1_000;

interface Answer<T> {
  status: number;
  body: T;
}

/** POST /api/v1/replays with any token and target token: the statuses the SDK would throw on. */
async function postReplay<T = Replay>(
  cluster: WharfCluster,
  token: string,
  body: unknown,
  targetToken?: string,
): Promise<Answer<T>> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
    accept: 'application/json',
  };
  if (targetToken !== undefined) headers['x-wharf-target-token'] = targetToken;
  const response = await fetch(`${cluster.url}/api/v1/replays`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function getReplay(cluster: WharfCluster, token: string, id: string, tenant?: string): Promise<Answer<Replay>> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
  if (tenant !== undefined) headers['x-wharf-tenant'] = tenant;
  const response = await fetch(`${cluster.url}/api/v1/replays/${id}`, { headers });
  return { status: response.status, body: (await response.json()) as Replay };
}

async function read(store: EventStore, filter: string): Promise<AnyStoredEvent[]> {
  const events: AnyStoredEvent[] = [];
  await store.readRange(filter, 1, await store.lastSeq(), (e) => {
    events.push(e);
  });
  return events;
}

/** Every message of a filter as stored: subject and raw data, for byte-identity checks. */
async function rawMessages(store: EventStore, filter: string): Promise<string[]> {
  const last = await store.lastSeq();
  const out: string[] = [];
  for (const e of await read(store, filter)) {
    const message = await store.jsm.streams.getMessage(store.stream, { seq: e.seq });
    out.push(`${message.seq} ${message.subject} ${Buffer.from(message.data).toString('base64')}`);
  }
  expect(last).toBeGreaterThan(0);
  return out;
}

function pushedEvents(events: AnyStoredEvent[]): StoredEvent<'event.pushed'>[] {
  return events.filter((e): e is StoredEvent<'event.pushed'> => e.type === 'event.pushed');
}

describe('replaying a tenant into another tenant', () => {
  let cluster: WharfCluster;
  let store: EventStore;
  let operator: Wharf;
  const workers: WharfWorker[] = [];

  beforeAll(async () => {
    cluster = await startWharfCluster({ env: { WHARF_REPLAY_CRASH_AFTER: String(CRASH_AFTER) } });
    store = await EventStore.connect({ name: 'e2e-replay-observer', env: { WHARF_NATS_URL: cluster.natsUrl } });
    operator = new Wharf({ url: cluster.url, token: cluster.operatorToken, tenant: null });
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop().catch(() => undefined)));
    await store?.close();
    await cluster?.stop();
  });

  async function completed(id: string, tenant: string, timeoutMs = 60_000): Promise<Replay> {
    return eventually(
      async () => {
        const answer = await getReplay(cluster, cluster.operatorToken, id, tenant);
        if (answer.body.status === 'failed') throw new Error(`replay failed: ${answer.body.reason}`);
        return answer.body.status === 'completed' ? answer.body : undefined;
      },
      { what: `replay ${id} completed`, timeoutMs, intervalMs: 200 },
    );
  }

  async function startWorker(client: Wharf, actions: string[]): Promise<void> {
    const handlers = Object.fromEntries(actions.map((a) => [a, (input: unknown) => ({ done: a, input })]));
    const worker = client.worker({ name: `w-${randomUUID().slice(0, 8)}`, actions: handlers, maxRuns: 4 });
    await worker.start();
    workers.push(worker);
  }

  describe('a source with workflows and events in two namespaces', () => {
    let source: TenantFixture;
    const pushedIds: string[] = [];

    beforeAll(async () => {
      source = await createTenant(cluster, 'Replay Source');
      const prod = source.client('prod');
      const dev = source.client('dev');
      await prod.workflows.put({
        name: 'welcome',
        eventKeys: ['user:created'],
        steps: [{ name: 'mail', action: 'email:send' }],
      });
      await dev.workflows.put({
        name: 'billing',
        eventKeys: ['order:paid'],
        steps: [{ name: 'charge', action: 'bill:charge' }],
      });
      const pushes: [Wharf, string, unknown][] = [
        [prod, 'user:created', { n: 1 }],
        [dev, 'order:paid', { n: 2 }],
        [prod, 'misc:noise', { n: 3 }],
        [prod, 'user:created', { n: 4 }],
        [dev, 'user:created', { n: 5 }],
        [prod, 'order:paid', { n: 6 }],
        [dev, 'order:paid', { n: 7 }],
        [prod, 'user:created', { n: 8 }],
        [prod, 'misc:noise', { n: 9 }],
      ];
      for (const [client, key, payload] of pushes) {
        pushedIds.push((await client.events.push(key, payload, { metadata: { origin: 'source' } })).eventId);
      }
    });

    it('dry run: counts per namespace and key, and writes nothing', async () => {
      const before = await store.lastSeq();
      const answer = await postReplay<ReplayDryRun>(cluster, cluster.operatorToken, {
        from: source.slug,
        to: `dry-${randomUUID().slice(0, 8)}`,
        create: true,
        namespaceMap: { prod: 'live', dev: 'test' },
        key: '*:*',
        withWorkflows: true,
        dryRun: true,
      });
      expect(answer.status).toBe(200);
      expect(answer.body.plan).toEqual({
        total: 9,
        lines: [
          { sourceNamespace: 'dev', targetNamespace: 'test', key: 'order:paid', events: 2 },
          { sourceNamespace: 'dev', targetNamespace: 'test', key: 'user:created', events: 1 },
          { sourceNamespace: 'prod', targetNamespace: 'live', key: 'misc:noise', events: 2 },
          { sourceNamespace: 'prod', targetNamespace: 'live', key: 'order:paid', events: 1 },
          { sourceNamespace: 'prod', targetNamespace: 'live', key: 'user:created', events: 3 },
        ],
      });
      expect(answer.body.workflows.map((w) => `${w.sourceNamespace}/${w.name}>${w.targetNamespace}`).sort()).toEqual([
        'dev/billing>test',
        'prod/welcome>live',
      ]);
      const onlyUsers = await postReplay<ReplayDryRun>(cluster, cluster.operatorToken, {
        from: source.slug,
        to: `dry-${randomUUID().slice(0, 8)}`,
        create: true,
        namespace: 'prod',
        key: 'user:*',
        dryRun: true,
      });
      expect(onlyUsers.body.plan.total).toBe(3);
      expect(await store.lastSeq()).toBe(before);
    });

    it('creates the target, copies workflows, replays in source order with provenance; workers run them; the source is untouched; again adds nothing', async () => {
      const sourceBefore = await rawMessages(store, `wharf.${source.slug}.>`);
      const to = `copy-${randomUUID().slice(0, 8)}`;
      const body = {
        from: source.slug,
        to,
        create: true,
        withWorkflows: true,
        namespaceMap: { prod: 'live', dev: 'test' },
      };
      const started = await postReplay(cluster, cluster.operatorToken, body);
      expect(started.status).toBe(202);
      expect(started.body.status).toMatch(/running|completed/);
      const done = await completed(started.body.replayId, to);
      expect(done).toMatchObject({ from: source.slug, to, replayed: 9, skipped: 0, workflows: 2, createdTarget: true });

      // Order and provenance of every copy.
      const sourceEvents = pushedEvents(await read(store, `wharf.${source.slug}.*.event.*`));
      const copies = pushedEvents(await read(store, `wharf.${to}.*.event.*`));
      expect(copies).toHaveLength(9);
      expect(copies.map((c) => c.payload.provenance?.eventId)).toEqual(sourceEvents.map((s) => s.payload.eventId));
      expect(sourceEvents.map((s) => s.payload.eventId)).toEqual(pushedIds);
      for (const [i, copy] of copies.entries()) {
        const original = sourceEvents[i];
        expect(copy.payload.provenance).toEqual({
          kind: 'replay',
          tenant: source.slug,
          namespace: original.namespace,
          eventId: original.payload.eventId,
          seq: original.seq,
          replayId: done.replayId,
        });
        expect(copy.namespace).toBe(original.namespace === 'prod' ? 'live' : 'test');
        expect([copy.payload.key, copy.payload.payload, copy.payload.metadata]).toEqual([
          original.payload.key,
          original.payload.payload,
          original.payload.metadata,
        ]);
      }

      // The target's workers process the copies like any event.
      const { token } = await operator.tokens.create(to, { name: 'target-admin', role: 'admin' });
      const live = new Wharf({ url: cluster.url, token, namespace: 'live', tenant: null });
      const test = new Wharf({ url: cluster.url, token, namespace: 'test', tenant: null });
      expect((await live.workflows.get('welcome')).eventKeys).toEqual(['user:created']);
      await startWorker(live, ['email:send']);
      await startWorker(test, ['bill:charge']);
      const runIds = copies.flatMap((c) => c.payload.runs.map((r) => [c.namespace, r.runId] as const));
      // prod: 3 user:created → welcome; dev: 2 order:paid → billing.
      expect(runIds).toHaveLength(5);
      for (const [namespace, runId] of runIds) {
        const client = namespace === 'live' ? live : test;
        await eventually(async () => ((await client.runs.get(runId)).status === 'completed' ? true : undefined), {
          what: `run ${runId} completed`,
          timeoutMs: 30_000,
        });
      }
      const shown = await live.events.get(copies.find((c) => c.namespace === 'live')!.payload.eventId);
      expect(shown.provenance).toMatchObject({ kind: 'replay', tenant: source.slug, replayId: done.replayId });

      // The source's history is byte-identical.
      expect(await rawMessages(store, `wharf.${source.slug}.>`)).toEqual(sourceBefore);

      // The same replay again: the recorded answer, nothing appended.
      const targetBefore = await rawMessages(store, `wharf.${to}.>`);
      const again = await postReplay(cluster, cluster.operatorToken, {
        ...body,
        namespaceMap: { dev: 'test', prod: 'live' },
      });
      expect(again.status).toBe(202);
      expect(again.body).toMatchObject({ replayId: done.replayId, status: 'completed', replayed: 9 });
      expect(await rawMessages(store, `wharf.${to}.>`)).toEqual(targetBefore);

      // Visible to the source's and the target's tokens; not to another tenant's.
      expect((await getReplay(cluster, source.token, done.replayId)).status).toBe(200);
      expect((await getReplay(cluster, token, done.replayId)).status).toBe(200);
      const stranger = await createTenant(cluster, 'Replay Stranger');
      expect((await getReplay(cluster, stranger.token, done.replayId)).status).toBe(404);
      const listed = await fetch(`${cluster.url}/api/v1/replays`, {
        headers: { authorization: `Bearer ${source.token}` },
      });
      expect(((await listed.json()) as Replay[]).map((r) => r.replayId)).toContain(done.replayId);
    });

    it('re-pushes an event and re-runs a run, both with provenance; another tenant gets 404', async () => {
      const prod = source.client('prod');
      const original = await prod.events.get(pushedIds[0]);
      const repushed = await prod.events.replay(pushedIds[0]);
      expect(repushed.eventId).not.toBe(pushedIds[0]);
      expect(repushed.key).toBe('user:created');
      expect(repushed.runs).toHaveLength(1);
      const shown = await prod.events.get(repushed.eventId);
      expect(shown.payload).toEqual(original.payload);
      expect(shown.metadata).toEqual(original.metadata);
      expect(shown.provenance).toEqual({
        kind: 'event',
        tenant: source.slug,
        namespace: 'prod',
        eventId: pushedIds[0],
        seq: expect.any(Number),
      });

      const rerun = await prod.runs.replay(original.runs[0]);
      expect(rerun.runId).not.toBeNull();
      expect(rerun.runId).not.toBe(original.runs[0]);
      const run = await eventually(async () => prod.runs.get(rerun.runId!), { what: 're-run visible' });
      expect(run.workflow).toBe('welcome');
      expect(run.input).toEqual({ n: 1 });
      expect(run.provenance).toMatchObject({ kind: 'run', runId: original.runs[0], eventId: pushedIds[0] });

      const stranger = await createTenant(cluster, 'Replay Other');
      const other = stranger.client('prod');
      await expect(other.events.replay(pushedIds[0])).rejects.toMatchObject({ status: 404 });
      await expect(other.runs.replay(original.runs[0])).rejects.toMatchObject({ status: 404 });
      // Another namespace of the same tenant does not see it either.
      await expect(source.client('dev').events.replay(pushedIds[0])).rejects.toMatchObject({ status: 404 });
    });
  });

  describe('who may replay', () => {
    let source: TenantFixture;
    let target: TenantFixture;

    beforeAll(async () => {
      source = await createTenant(cluster, 'Auth Source');
      target = await createTenant(cluster, 'Auth Target');
      await source.client('default').events.push('user:created', { n: 1 });
    });

    it('refuses tokens that are not admin in both tenants, and answers 404/409/400 as documented', async () => {
      const body = { from: source.slug, to: target.slug };
      const token = (role: 'admin' | 'viewer', slug: string, namespace?: string) =>
        operator.tokens.create(slug, { name: `t-${randomUUID().slice(0, 6)}`, role, namespace }).then((t) => t);
      const before = await store.lastSeq();

      expect((await postReplay(cluster, source.token, body)).status).toBe(403);
      const viewer = await token('viewer', source.slug);
      expect((await postReplay(cluster, viewer.token, body, target.token)).status).toBe(403);
      const bound = await token('admin', source.slug, 'default');
      expect((await postReplay(cluster, bound.token, body, target.token)).status).toBe(403);
      const boundTarget = await token('admin', target.slug, 'default');
      expect((await postReplay(cluster, source.token, body, boundTarget.token)).status).toBe(403);
      const targetViewer = await token('viewer', target.slug);
      expect((await postReplay(cluster, source.token, body, targetViewer.token)).status).toBe(403);
      const revoked = await token('admin', target.slug);
      await operator.tokens.revoke(target.slug, revoked.tokenId);
      const refused = await postReplay<{ field: string }>(cluster, source.token, body, revoked.token);
      expect([refused.status, refused.body.field]).toEqual([401, 'X-Wharf-Target-Token']);
      expect((await postReplay(cluster, source.token, body, source.token)).status).toBe(403);
      expect((await postReplay(cluster, source.token, { ...body, create: true }, target.token)).status).toBe(403);
      expect((await postReplay(cluster, target.token, body, target.token)).status).toBe(404);

      const missing = await postReplay<{ field: string }>(cluster, cluster.operatorToken, {
        ...body,
        to: 'nowhere-at-all',
      });
      expect([missing.status, missing.body.field]).toEqual([404, 'to']);
      const archived = await createTenant(cluster, 'Archived Target');
      await operator.tenants.archive(archived.slug);
      expect((await postReplay(cluster, cluster.operatorToken, { ...body, to: archived.slug })).status).toBe(409);
      for (const [bad, field] of [
        [{ ...body, to: source.slug }, 'to'],
        [{ ...body, namespace: 'a', namespaceMap: { a: 'b' } }, 'namespaceMap'],
        [{ ...body, namespaceMap: { a: 'b.c' } }, 'namespaceMap'],
        [{ ...body, since: 'yesterday' }, 'since'],
        [{ ...body, key: 'user.created' }, 'key'],
        [{ ...body, from: 'Not A Slug' }, 'from'],
        [{ ...body, extra: 1 }, 'extra'],
      ] as const) {
        const answer = await postReplay<{ field: string }>(cluster, cluster.operatorToken, bad);
        expect([answer.status, answer.body.field]).toEqual([400, field]);
      }
      // Refusals write nothing (tokens, revocation and archive above are the operator's own acts).
      const appended = (await read(store, 'wharf.>')).filter((e) => e.seq > before && e.aggregate.type === 'replay');
      expect(appended).toEqual([]);

      const allowed = await postReplay(cluster, source.token, body, target.token);
      expect(allowed.status).toBe(202);
      const done = await completed(allowed.body.replayId, target.slug);
      expect(done).toMatchObject({ replayed: 1, startedBy: source.tokenId });
    });
  });

  it('a replay killed half-way and started again completes with no duplicate and no gap', async () => {
    const source = await createTenant(cluster, 'Crash Source');
    const total = Math.round(CRASH_AFTER * 2.5);
    const appends: Promise<unknown>[] = [];
    for (let i = 0; i < total; i += 1) {
      const eventId = randomUUID();
      appends.push(
        store.append(
          newEvent({
            id: eventId,
            type: 'event.pushed',
            tenant: source.slug,
            namespace: i % 3 === 0 ? 'dev' : 'default',
            aggregate: { type: 'event', id: eventId },
            actor: source.tokenId,
            payload: { eventId, key: 'bulk:item', payload: { i }, metadata: {}, runs: [] },
          }),
          { expectedLastSubjectSeq: 0 },
        ),
      );
    }
    await Promise.all(appends);
    const to = `crash-${randomUUID().slice(0, 8)}`;
    const body = { from: source.slug, to, create: true };

    let crashes = 0;
    let replayId = '';
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const pid = cluster.services.dispatch!.pid;
      const answer = await postReplay(cluster, cluster.operatorToken, body);
      expect(answer.status).toBe(202);
      replayId = answer.body.replayId;
      const outcome = await eventually(
        async () => {
          try {
            process.kill(pid, 0);
          } catch {
            return 'killed' as const;
          }
          const view = await getReplay(cluster, cluster.operatorToken, replayId, to).catch(() => undefined);
          return view?.body.status === 'completed' ? ('completed' as const) : undefined;
        },
        { what: 'the replay completed or the dispatch process died', timeoutMs: 60_000, intervalMs: 100 },
      );
      if (outcome === 'completed') break;
      crashes += 1;
      await cluster.restart('dispatch');
    }
    expect(crashes).toBeGreaterThanOrEqual(1);
    const done = await completed(replayId, to);
    expect(done.replayed + done.skipped).toBe(total);

    const sourceEvents = pushedEvents(await read(store, `wharf.${source.slug}.*.event.*`));
    const copies = pushedEvents(await read(store, `wharf.${to}.*.event.*`));
    expect(copies.map((c) => c.payload.provenance?.eventId)).toEqual(sourceEvents.map((s) => s.payload.eventId));
    expect(new Set(copies.map((c) => c.payload.eventId)).size).toBe(total);
  });
});
