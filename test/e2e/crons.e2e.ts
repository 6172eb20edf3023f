import { join } from 'node:path';
import { AnyStoredEvent, StoredEvent } from '@wharf/events';
import { EventStore } from '@wharf/event-store';
import { freePort, RunningService, startService } from '@wharf/launcher';
import { eventually } from '../support/eventually';
import { httpCall } from '../support/http-call';
import { createTenant, TenantFixture } from '../support/tenant-fixture';
import { startWharfCluster, WharfCluster } from '../support/wharf-cluster';

jest.setTimeout(180_000);

interface CronView {
  name: string;
  lastTick: string | null;
}

interface ScheduledRunView {
  id: string;
  status: 'pending' | 'cancelled' | 'fired';
  eventId: string | null;
  runId: string | null;
}

/**
 * Crons and scheduled runs against the real services. The services run with
 * WHARF_CRON_SECONDS=allow, so crons may have a leading seconds field and a test watches ticks
 * seconds apart instead of minutes.
 */
describe('crons and scheduled runs', () => {
  let cluster: WharfCluster;
  let store: EventStore;
  let tenant: TenantFixture;
  let second: RunningService | undefined;

  beforeAll(async () => {
    cluster = await startWharfCluster({ env: { WHARF_CRON_SECONDS: 'allow' } });
    store = await EventStore.connect({ name: 'crons-e2e', env: { WHARF_NATS_URL: cluster.natsUrl } });
    tenant = await createTenant(cluster, 'Crons');
    await tenant.client().workflows.put({
      name: 'on-tick',
      eventKeys: ['clock:tick'],
      steps: [{ name: 'note', action: 'clock:note' }],
    });
  });

  afterAll(async () => {
    await second?.stop().catch(() => undefined);
    await store?.close();
    await cluster?.stop();
  });

  function api<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) {
    return httpCall<T>(cluster.url, path, { method, token: tenant.token, namespace: 'default', body });
  }

  async function createCron(name: string, expression: string, missedTicks: 'fire-once' | 'skip') {
    const answer = await api('POST', '/api/v1/crons', {
      name,
      expression,
      timezone: 'Europe/Berlin',
      eventKey: 'clock:tick',
      payload: { cron: name },
      missedTicks,
    });
    expect([answer.status, answer.text]).toEqual([201, expect.any(String)]);
  }

  async function eventsOf(filter: string): Promise<AnyStoredEvent[]> {
    const last = await store.lastSeq();
    const events: AnyStoredEvent[] = [];
    await store.readRange(filter, 1, last, (e) => {
      events.push(e);
    });
    return events;
  }

  const ticksOf = async (name: string) =>
    (await store.readSubject<'cron.ticked'>(`wharf.${tenant.slug}.default.cron.${name}`)).filter(
      (e) => e.type === 'cron.ticked',
    ) as StoredEvent<'cron.ticked'>[];

  async function pushedBy(name: string) {
    const events = await eventsOf(`wharf.${tenant.slug}.default.event.*`);
    return events.filter(
      (e): e is StoredEvent<'event.pushed'> => e.type === 'event.pushed' && e.payload.metadata['wharf-cron'] === name,
    );
  }

  it('refuses a bad expression, time zone or name with a 400 naming the field', async () => {
    const base = { name: 'ok', expression: '* * * * *', timezone: 'UTC', eventKey: 'clock:tick' };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, expression: '* * * *' }, 'expression'],
      [{ ...base, expression: '99 * * * *' }, 'expression'],
      [{ ...base, timezone: 'Mars/Olympus' }, 'timezone'],
      [{ ...base, name: 'a.b' }, 'name'],
      [{ ...base, missedTicks: 'sometimes' }, 'missedTicks'],
    ];
    for (const [body, field] of cases) {
      const answer = await api<{ field: string }>('POST', '/api/v1/crons', body);
      expect([answer.status, answer.body.field]).toEqual([400, field]);
    }
  });

  it('the SDK creates, shows, lists and deletes crons, and schedules and cancels runs', async () => {
    const client = tenant.client();
    const created = await client.crons.create({
      name: 'sdk-nightly',
      expression: '30  2 * * *',
      timezone: 'Europe/Berlin',
      eventKey: 'clock:tick',
    });
    expect(created).toMatchObject({
      name: 'sdk-nightly',
      namespace: 'default',
      expression: '30 2 * * *',
      payload: null,
      missedTicks: 'skip',
      lastTick: null,
    });
    await expect(
      client.crons.create({ name: 'sdk-nightly', expression: '* * * * *', eventKey: 'x' }),
    ).rejects.toMatchObject({ status: 409 });
    expect(await client.crons.get('sdk-nightly')).toEqual(created);
    expect((await client.crons.list()).map((c) => c.name)).toContain('sdk-nightly');
    expect(await client.crons.delete('sdk-nightly')).toMatchObject({ name: 'sdk-nightly', deleted: true });
    await expect(client.crons.get('sdk-nightly')).rejects.toMatchObject({ status: 404 });

    const scheduled = await client.scheduledRuns.create({ workflow: 'on-tick', at: '2099-01-31T09:00:00+01:00' });
    expect(scheduled).toMatchObject({
      workflow: 'on-tick',
      at: '2099-01-31T08:00:00.000Z',
      status: 'pending',
      runId: null,
    });
    expect(await client.scheduledRuns.get(scheduled.id)).toEqual(scheduled);
    expect(await client.scheduledRuns.cancel(scheduled.id)).toMatchObject({ id: scheduled.id, status: 'cancelled' });
    expect((await client.scheduledRuns.list()).find((s) => s.id === scheduled.id)?.status).toBe('cancelled');
  });

  it('each tick fires exactly once with two dispatch instances running, and goes on while one is down', async () => {
    const port = await freePort();
    second = await startService('dispatch', {
      env: {
        ...cluster.env,
        WHARF_INSTANCE: 'second',
        WHARF_DISPATCH_PORT: String(port),
        WHARF_DISPATCH_DECIDES: 'false',
      },
      logFile: join(cluster.dataDir, 'logs', 'dispatch-second.log'),
    });
    // A query-only instance answers queries and refuses to decide, clearly and at once.
    const direct = `http://127.0.0.1:${port}`;
    const push = await httpCall<{ message: string }>(direct, '/api/v1/events', {
      method: 'POST',
      token: tenant.token,
      namespace: 'default',
      body: { key: 'clock:tick' },
    });
    expect([push.status, push.body.message]).toEqual([503, expect.stringContaining('WHARF_DISPATCH_DECIDES=false')]);
    const query = await httpCall(direct, '/api/v1/runs', { method: 'GET', token: tenant.token, namespace: 'default' });
    expect(query.status).toBe(200);
    await createCron('every-two-seconds', '*/2 * * * * *', 'skip');
    await eventually(async () => ((await ticksOf('every-two-seconds')).length >= 5 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'five ticks',
    });
    // The deciding instance goes down: the second instance's scheduler goes on recording the ticks.
    await cluster.kill('dispatch');
    const before = (await ticksOf('every-two-seconds')).length;
    await eventually(
      async () => {
        const ticks = await ticksOf('every-two-seconds');
        return ticks.length >= before + 2 && ticks.slice(before).every((t) => t.payload.recordedBy === 'second')
          ? true
          : undefined;
      },
      { timeoutMs: 30_000, what: 'two ticks recorded by the second instance' },
    );
    await cluster.restart('dispatch');
    await eventually(async () => ((await ticksOf('every-two-seconds')).length >= before + 4 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'two more ticks with both instances up',
    });
    expect((await api('DELETE', '/api/v1/crons/every-two-seconds')).status).toBe(200);
    const ticks = await ticksOf('every-two-seconds');
    expect(new Set(ticks.map((t) => t.payload.recordedBy))).toEqual(new Set(['main', 'second']));
    const times = ticks.map((t) => t.payload.tick);
    expect(new Set(times).size).toBe(times.length);
    expect([...times].sort()).toEqual(times);
    // Every tick pushed its event exactly once, with the id the tick named, and each event started one run.
    const pushed = await eventually(async () => {
      const events = await pushedBy('every-two-seconds');
      return events.length >= ticks.length ? events : undefined;
    });
    expect(pushed.map((e) => e.payload.eventId).sort()).toEqual(ticks.map((t) => t.payload.eventId).sort());
    expect(pushed.every((e) => e.payload.runs.length === 1)).toBe(true);
    const runs = await eventually(async () => {
      const started = (await eventsOf(`wharf.${tenant.slug}.default.run.*`)).filter(
        (e) => e.type === 'run.started' && pushed.some((p) => p.payload.eventId === e.payload.eventId),
      );
      return started.length === pushed.length ? started : undefined;
    });
    expect(runs).toHaveLength(ticks.length);
    await second.stop();
    second = undefined;
  });

  it('a tick missed while dispatch was down fires once on restart with fire-once, not with skip', async () => {
    // Two ticks two seconds apart, a few seconds from now, both while dispatch is down.
    const first = new Date(Math.ceil((Date.now() + 5_000) / 1_000) * 1_000);
    const secondTick = new Date(first.getTime() + 2_000);
    const seconds = `${first.getUTCSeconds()},${secondTick.getUTCSeconds()}`;
    const minutes = [...new Set([first.getUTCMinutes(), secondTick.getUTCMinutes()])].join(',');
    const expression = `${seconds} ${minutes} * * * *`;
    await createCron('catch-up', expression, 'fire-once');
    await createCron('skipper', expression, 'skip');
    await cluster.kill('dispatch');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, secondTick.getTime() + 3_000 - Date.now())));
    await cluster.restart('dispatch');

    const caughtUp = await eventually(async () => {
      const ticks = await ticksOf('catch-up');
      return ticks.length > 0 ? ticks : undefined;
    });
    expect(caughtUp.map((t) => [t.payload.tick, t.payload.missed])).toEqual([[secondTick.toISOString(), 1]]);
    await eventually(async () => ((await pushedBy('catch-up')).length === 1 ? true : undefined));
    // The skipping cron had the same ticks: none of them fired (give it the same time to act).
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const skipped = (await ticksOf('skipper')).filter((t) => Date.parse(t.payload.tick) <= secondTick.getTime());
    expect(skipped).toEqual([]);
    expect(await pushedBy('skipper')).toEqual([]);
    const shown = await api<CronView>('GET', '/api/v1/crons/skipper');
    expect([shown.status, shown.body.lastTick]).toEqual([200, null]);
    for (const name of ['catch-up', 'skipper']) expect((await api('DELETE', `/api/v1/crons/${name}`)).status).toBe(200);
  });

  it('a scheduled run fires at its time and starts its run; a cancelled one never fires', async () => {
    const at = new Date(Date.now() + 3_000).toISOString();
    const kept = await api<ScheduledRunView>('POST', '/api/v1/scheduled-runs', {
      workflow: 'on-tick',
      at,
      input: { n: 1 },
    });
    const dropped = await api<ScheduledRunView>('POST', '/api/v1/scheduled-runs', { workflow: 'on-tick', at });
    expect([kept.status, dropped.status]).toEqual([201, 201]);
    expect(kept.body.status).toBe('pending');
    const cancelled = await api<ScheduledRunView>('DELETE', `/api/v1/scheduled-runs/${dropped.body.id}`);
    expect([cancelled.status, cancelled.body.status]).toEqual([200, 'cancelled']);

    const fired = await eventually(async () => {
      const view = await api<ScheduledRunView>('GET', `/api/v1/scheduled-runs/${kept.body.id}`);
      return view.body.status === 'fired' ? view.body : undefined;
    });
    const run = await eventually(() =>
      tenant
        .client()
        .runs.get(fired.runId as string)
        .catch(() => undefined),
    );
    expect(run.workflow).toBe('on-tick');
    expect((await api('DELETE', `/api/v1/scheduled-runs/${kept.body.id}`)).status).toBe(409);

    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const after = await api<ScheduledRunView>('GET', `/api/v1/scheduled-runs/${dropped.body.id}`);
    expect([after.body.status, after.body.eventId]).toEqual(['cancelled', null]);
    const schedule = await store.readSubject(`wharf.${tenant.slug}.default.schedule.${dropped.body.id}`);
    expect(schedule.map((e) => e.type)).toEqual(['schedule.created', 'schedule.cancelled']);
    // Other tests of this file schedule runs in the same namespace: look at this test's two.
    const list = await api<ScheduledRunView[]>('GET', '/api/v1/scheduled-runs');
    const mine = list.body.filter((s) => s.id === kept.body.id || s.id === dropped.body.id);
    expect(mine.map((s) => [s.id, s.status]).sort()).toEqual(
      [
        [kept.body.id, 'fired'],
        [dropped.body.id, 'cancelled'],
      ].sort(),
    );
  });
});
