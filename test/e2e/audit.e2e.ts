import { decodeEvent, EventStore } from '@wharf/event-store';
import { AnyStoredEvent } from '@wharf/events';
import { AuditFilters, AuditLine, AuditResource, HttpClient, resolveWharfConfig, Wharf, WharfWorker } from '@wharf/sdk';
import { Command } from 'commander';
import { registerAuditCommand } from '../../apps/cli/src/commands/audit.command';
import { addGlobalOptions } from '../../apps/cli/src/commands/support/global-options';
import { eventually } from '../support/eventually';
import { firstAssignment } from '../support/first-assignment';
import { createTenant, TenantFixture } from '../support/tenant-fixture';
import { startWharfCluster, WharfCluster } from '../support/wharf-cluster';

jest.setTimeout(180_000);

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The event type each line kind is read from. */
const KIND_TYPES: Record<AuditLine['kind'], string[]> = {
  event: ['event.pushed'],
  run: ['run.started'],
  queued: ['step.queued'],
  assignment: ['step.assigned'],
  reassigned: ['step.assigned', 'step.queued'],
  started: ['step.started'],
  completed: ['step.completed'],
  failed: ['step.failed'],
  'timed-out': ['step.timed-out'],
  released: ['step.released'],
  retry: ['step.retry-scheduled'],
  refusal: ['step.report-refused'],
  'run-completed': ['run.completed'],
  'run-failed': ['run.failed'],
  'run-cancelled': ['run.cancelled'],
};

/**
 * Issue 5, "Audit": the dispatch audit through the real services (from dist) and SDK workers —
 * matched and unmatched events, a retry, a reassignment from a silent worker and its refused late
 * report — checked line by line against the raw stream; the stream-only report equals the read
 * model's; filters, NDJSON, CSV, paging, acts with their actor, and isolation.
 */
describe('the dispatch audit', () => {
  let cluster: WharfCluster;
  let store: EventStore;
  let tenant: TenantFixture;
  let client: Wharf;
  let audit: AuditResource;
  const workers: WharfWorker[] = [];
  const ids: Record<string, string> = {};

  function auditOf(token: string, namespace = 'default'): AuditResource {
    return new AuditResource(
      new HttpClient(resolveWharfConfig({ url: cluster.url, token, namespace, tenant: null, env: {} })),
    );
  }

  async function report(filters: AuditFilters = {}, source?: 'stream'): Promise<AuditLine[]> {
    return collect((await audit.streamDispatches(filters, { source })).lines);
  }

  async function text(filters: AuditFilters, format: 'ndjson' | 'csv', source?: 'stream'): Promise<string> {
    return (await collect((await audit.exportDispatches(filters, format, { source })).chunks)).join('');
  }

  async function messageAt(seq: number): Promise<AnyStoredEvent> {
    const m = await store.jsm.streams.getMessage(store.stream, { seq });
    return decodeEvent(m.data, m.seq, m.subject);
  }

  beforeAll(async () => {
    cluster = await startWharfCluster({
      env: {
        WHARF_DISPATCH_TICK_MS: '50',
        WHARF_HEARTBEAT_INTERVAL_MS: '200',
        WHARF_HEARTBEAT_TIMEOUT_MS: '1500',
        WHARF_HEARTBEAT_SWEEP_MS: '200',
      },
    });
    store = await EventStore.connect({ name: 'e2e-audit', env: { WHARF_NATS_URL: cluster.natsUrl } });
    tenant = await createTenant(cluster, 'Audited');
    client = tenant.client();
    audit = auditOf(tenant.token);
    const shop = tenant.client('shop');

    await client.workflows.put({
      name: 'greet',
      eventKeys: ['user:created'],
      steps: [{ name: 'say', action: 'job:say' }],
    });
    await client.workflows.put({
      name: 'flaky',
      eventKeys: ['job:flaky'],
      steps: [{ name: 'try', action: 'job:flaky', retry: { attempts: 2, backoffMs: 50 } }],
    });
    await client.workflows.put({
      name: 'fragile',
      eventKeys: ['job:fragile'],
      steps: [{ name: 'do', action: 'job:fragile' }],
    });
    await client.workflows.put({
      name: 'unstaffed',
      eventKeys: ['job:unstaffed'],
      steps: [{ name: 'wait', action: 'job:nobody', timeouts: { scheduleMs: 200 } }],
    });
    await shop.workflows.put({
      name: 'bill',
      eventKeys: ['order:paid'],
      steps: [{ name: 'charge', action: 'job:charge' }],
    });

    const steady = client.worker({
      name: 'steady',
      maxRuns: 4,
      handleSignals: false,
      labels: { zone: 'eu' },
      actions: {
        'job:say': (input) => ({ said: input }),
        'job:flaky': (_input, ctx) => {
          if (ctx.attempt < 2) throw new Error(`flaky on attempt ${ctx.attempt}`);
          return 'ok';
        },
      },
    });
    const biller = shop.worker({ name: 'biller', handleSignals: false, actions: { 'job:charge': () => 'charged' } });
    await steady.start();
    await biller.start();
    workers.push(steady, biller);

    ids.greetEvent = (await client.events.push('user:created', { id: 1 })).eventId;
    ids.unmatchedEvent = (await client.events.push('nobody:listens', {})).eventId;
    const flaky = await client.events.push('job:flaky', {});
    ids.flakyRun = flaky.runs[0];
    ids.shopEvent = (await shop.events.push('order:paid', { total: 3 })).eventId;
    // No worker serves its action: it waits past its schedule timeout and the run fails.
    ids.unstaffedRun = (await client.events.push('job:unstaffed', {})).runs[0];

    // A worker takes the fragile step and goes silent: the step is reassigned, its late report refused.
    const silent = await client.workers.register({ name: 'silent', actions: ['job:fragile'] });
    ids.silentWorker = silent.workerId;
    const assignment = firstAssignment(`${cluster.url}/api/v1/workers/${silent.workerId}/assignments`, tenant.token);
    const fragile = await client.events.push('job:fragile', {});
    ids.fragileRun = fragile.runs[0];
    const taken = await assignment;
    const healthy = client.worker({ name: 'healthy', handleSignals: false, actions: { 'job:fragile': () => 'done' } });
    await healthy.start();
    workers.push(healthy);

    await eventually(
      async () => {
        const runs = [...(await client.runs.list()), ...(await shop.runs.list())];
        const finished = runs.filter((r) => r.status === (r.runId === ids.unstaffedRun ? 'failed' : 'completed'));
        return finished.length === 5 ? true : undefined;
      },
      { timeoutMs: 60_000, what: 'every run completed' },
    );
    await expect(client.stepRuns.completed(taken.stepRunId, 1, 'late')).rejects.toMatchObject({ status: 409 });
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop().catch(() => undefined)));
    await store?.close();
    await cluster?.stop();
  });

  it('reports every event, run, assignment, retry, reassignment and refusal, each line checked against the stream', async () => {
    const lines = await report();
    // Report order: each pushed event followed by what happened to its runs.
    const order = lines.map((l) => [l.eventSeq, l.seq]);
    expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]));

    for (const line of lines) {
      const event = await messageAt(line.seq);
      expect(event.tenant).toBe(tenant.slug);
      expect(KIND_TYPES[line.kind]).toContain(event.type);
      expect(event.namespace).toBe(line.namespace);
      expect(event.occurredAt).toBe(line.at);
      const payload = event.payload as { eventId?: string; runId?: string; stepRunId?: string; attempt?: number };
      if (line.kind === 'event') expect(payload.eventId).toBe(line.eventId);
      else expect(payload.runId).toBe(line.runId);
      if (line.stepRunId !== undefined && payload.stepRunId !== undefined)
        expect(payload.stepRunId).toBe(line.stepRunId);
      if (line.kind !== 'reassigned' && line.attempt !== undefined && payload.attempt !== undefined) {
        expect(payload.attempt).toBe(line.attempt);
      }
      // The event a line belongs to is a pushed event of the tenant.
      const pushed = await messageAt(line.eventSeq);
      if (line.eventId !== null) {
        expect(pushed.type).toBe('event.pushed');
        expect((pushed.payload as { eventId: string }).eventId).toBe(line.eventId);
      }
    }

    const unmatched = lines.filter((l) => l.eventId === ids.unmatchedEvent);
    expect(unmatched).toEqual([
      expect.objectContaining({ kind: 'event', outcome: 'unmatched', actor: tenant.tokenId }),
    ]);

    // A step may queue for a moment if the dispatcher learns of the worker after the push.
    const greet = lines.filter((l) => l.eventId === ids.greetEvent && l.kind !== 'queued').map((l) => l.kind);
    expect(greet).toEqual(['event', 'run', 'assignment', 'started', 'completed', 'run-completed']);
    const greetAssignment = lines.find((l) => l.eventId === ids.greetEvent && l.kind === 'assignment');
    expect(greetAssignment).toMatchObject({
      workflow: 'greet',
      workerName: 'steady',
      workerLabels: { zone: 'eu' },
      strategy: 'random',
      candidates: 1,
      attempt: 1,
    });
    const greetDone = lines.find((l) => l.eventId === ids.greetEvent && l.kind === 'run-completed');
    expect(greetDone?.outcome).toBe('completed');
    expect(greetDone?.durationMs).toEqual(expect.any(Number));

    const flaky = lines
      .filter((l) => l.runId === ids.flakyRun && l.kind !== 'queued')
      .map((l) => [l.kind, l.attempt ?? null]);
    expect(flaky).toEqual([
      ['run', null],
      ['assignment', 1],
      ['started', 1],
      ['failed', 1],
      ['retry', 1],
      ['assignment', 2],
      ['started', 2],
      ['completed', 2],
      ['run-completed', null],
    ]);

    const fragile = lines.filter((l) => l.runId === ids.fragileRun);
    expect(fragile.find((l) => l.kind === 'reassigned')).toMatchObject({
      attempt: 1,
      workerId: ids.silentWorker,
      workerName: 'silent',
      detail: expect.stringContaining('worker lost'),
    });
    expect(fragile.filter((l) => l.kind === 'assignment').map((l) => [l.attempt, l.workerName])).toEqual([
      [1, 'silent'],
      [2, 'healthy'],
    ]);
    const unstaffed = lines.filter((l) => l.runId === ids.unstaffedRun).map((l) => [l.kind, l.outcome ?? null]);
    expect(unstaffed).toEqual([
      ['run', null],
      ['queued', null],
      ['timed-out', null],
      ['failed', null],
      ['run-failed', 'failed'],
    ]);
    expect(lines.find((l) => l.runId === ids.unstaffedRun && l.kind === 'timed-out')?.detail).toBe(
      'schedule timeout after 200 ms',
    );

    expect(fragile.find((l) => l.kind === 'refusal')).toMatchObject({
      attempt: 1,
      detail: expect.stringContaining('refused'),
    });
  });

  it('produces the same report from the stream alone as from the read model, for any filters', async () => {
    const selections: AuditFilters[] = [
      {},
      { namespace: 'shop' },
      { key: 'job:*' },
      { workflow: 'flaky' },
      { worker: 'steady' },
      { worker: ids.silentWorker },
      { outcome: 'unmatched' },
      { outcome: 'completed', key: 'user:*' },
      { outcome: 'failed' },
      { since: new Date(Date.now() - 3_600_000).toISOString() },
    ];
    for (const filters of selections) {
      const fromReadModel = await text(filters, 'ndjson');
      expect(fromReadModel.length).toBeGreaterThan(0);
      expect(await text(filters, 'ndjson', 'stream')).toBe(fromReadModel);
      expect(await text(filters, 'csv', 'stream')).toBe(await text(filters, 'csv'));
    }
  });

  it('filters by outcome, workflow, worker, key, namespace and time', async () => {
    expect((await report({ outcome: 'unmatched' })).map((l) => l.eventId)).toEqual([ids.unmatchedEvent]);
    const flaky = await report({ workflow: 'flaky' });
    expect(new Set(flaky.map((l) => l.runId ?? 'event-line'))).toEqual(new Set(['event-line', ids.flakyRun]));
    const bySilent = await report({ worker: 'silent' });
    expect(new Set(bySilent.filter((l) => l.runId).map((l) => l.runId))).toEqual(new Set([ids.fragileRun]));
    expect(
      (await report({ namespace: 'shop' })).every((l) => l.namespace === 'shop' && l.eventKey === 'order:paid'),
    ).toBe(true);
    expect((await report({ key: 'order:*' })).map((l) => l.eventId)).toContain(ids.shopEvent);
    expect(await report({ since: '2100-01-01T00:00:00Z' })).toEqual([]);
    expect(await report({ until: '2000-01-01T00:00:00Z' })).toEqual([]);
    const failed = await report({ outcome: 'failed' });
    expect(new Set(failed.map((l) => l.runId ?? l.kind))).toEqual(new Set(['event', ids.unstaffedRun]));
    expect(await report({ outcome: 'cancelled' })).toEqual([]);
  });

  it('pages with a cursor, and the pages add up to the streamed report', async () => {
    const all = await report();
    const paged: AuditLine[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await audit.dispatches({}, { limit: 7, after });
      paged.push(...page.lines);
      if (page.next === null) break;
      after = page.next;
    }
    expect(paged).toEqual(all);
    const streamPage = await audit.dispatches({}, { limit: 7, source: 'stream' });
    expect(streamPage.lines).toEqual(all.slice(0, 7));
  });

  it('exports CSV with a header and one record per line, and says how many events', async () => {
    const exported = await audit.exportDispatches({}, 'csv');
    const csv = (await collect(exported.chunks)).join('');
    const records = csv.split('\r\n').filter((r) => r !== '');
    expect(records[0].startsWith('seq,eventSeq,kind,at,namespace,eventId,eventKey,runId,workflow')).toBe(true);
    const lines = await report();
    expect(records).toHaveLength(lines.length + 1);
    expect(exported.events).toBe(new Set(lines.map((l) => l.eventSeq)).size);
  });

  it('`wharf audit` prints the report as JSON lines, CSV and a table', async () => {
    /** Runs one `wharf audit ...` in this process and returns what it printed. */
    async function wharfAudit(...args: string[]): Promise<string> {
      const program = addGlobalOptions(new Command('wharf'));
      registerAuditCommand(program);
      const printed: string[] = [];
      const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        printed.push(String(chunk));
        return true;
      });
      try {
        await program.parseAsync(['node', 'wharf', '--url', cluster.url, '--token', tenant.token, 'audit', ...args]);
      } finally {
        write.mockRestore();
      }
      return printed.join('');
    }

    const expected = await text({ workflow: 'flaky' }, 'ndjson');
    expect(await wharfAudit('--workflow', 'flaky', '--json')).toBe(expected);
    expect(await wharfAudit('--workflow', 'flaky', '--json', '--from-stream')).toBe(expected);
    expect(await wharfAudit('--workflow', 'flaky', '--csv')).toBe(await text({ workflow: 'flaky' }, 'csv'));
    const table = (await wharfAudit('--workflow', 'flaky')).trimEnd().split('\n');
    expect(table[0]).toMatch(
      /^SEQ +TIME +KIND +NAMESPACE +EVENT\/RUN\/STEP +WORKER +ATTEMPT +OUTCOME +DURATION +DETAIL$/,
    );
    expect(table).toHaveLength(expected.trimEnd().split('\n').length + 1);
    expect(table.some((row) => / retry +default +flaky\/try /.test(row))).toBe(true);
    const acts = await wharfAudit('acts', '--type', 'workflow.*');
    expect(acts).toContain('workflow flaky version 1 put');
  });

  it('lists administrative acts with their actor, never a token hash', async () => {
    const acts = [];
    let after: string | undefined;
    for (;;) {
      const page = await audit.acts({}, { after, limit: 50 });
      acts.push(...page.acts);
      if (page.next === null) break;
      after = page.next;
    }
    const operatorTokenId = (await messageAt(acts.find((a) => a.type === 'tenant.created')?.seq ?? 0)).actor;
    expect(acts.find((a) => a.type === 'tenant.created')).toMatchObject({
      actor: operatorTokenId,
      subject: tenant.slug,
    });
    expect(acts.find((a) => a.type === 'token.created')).toMatchObject({
      actor: operatorTokenId,
      data: expect.objectContaining({ tokenId: tenant.tokenId, role: 'admin' }),
    });
    expect(acts.filter((a) => a.type === 'workflow.put').map((a) => [a.actor, a.data.name])).toEqual(
      expect.arrayContaining([
        [tenant.tokenId, 'greet'],
        [tenant.tokenId, 'bill'],
      ]),
    );
    expect(acts.filter((a) => a.type === 'worker.registered').map((a) => a.data.name)).toEqual(
      expect.arrayContaining(['steady', 'biller', 'silent', 'healthy']),
    );
    expect(acts.find((a) => a.type === 'worker.became-unavailable')).toMatchObject({
      subject: ids.silentWorker,
      actor: expect.any(String),
    });
    for (const act of acts) {
      const event = await messageAt(act.seq);
      expect([event.type, event.actor]).toEqual([act.type, act.actor]);
    }
    expect(JSON.stringify(acts)).not.toMatch(/"hash"/);
    const tokenActs = await audit.acts({ type: 'token.*' });
    expect(tokenActs.acts.map((a) => a.type)).toEqual(['token.created']);
    const byAdmin = await audit.acts({ actor: tenant.tokenId });
    expect(byAdmin.acts.every((a) => a.actor === tenant.tokenId)).toBe(true);
  });

  it("another tenant's token sees nothing of this tenant", async () => {
    const other = await createTenant(cluster, 'Nosy');
    const otherAudit = auditOf(other.token);
    for (const source of [undefined, 'stream'] as const) {
      const lines = await collect((await otherAudit.streamDispatches({}, { source })).lines);
      expect(lines).toEqual([]);
    }
    const acts = await otherAudit.acts();
    expect(JSON.stringify(acts)).not.toContain(tenant.slug);
    expect(JSON.stringify(acts)).not.toContain(tenant.tokenId);
  });

  it('a token bound to a namespace audits that namespace only', async () => {
    const operator = new Wharf({ url: cluster.url, token: cluster.operatorToken, tenant: null, env: {} });
    const bound = await operator.tokens.create(tenant.slug, { name: 'shop-viewer', role: 'viewer', namespace: 'shop' });
    const shopAudit = auditOf(bound.token, 'shop');
    for (const source of [undefined, 'stream'] as const) {
      const lines = await collect((await shopAudit.streamDispatches({}, { source })).lines);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.every((l) => l.namespace === 'shop')).toBe(true);
    }
    await expect(shopAudit.dispatches({ namespace: 'default' })).rejects.toMatchObject({ status: 403 });
    const acts = await shopAudit.acts();
    expect(acts.acts.length).toBeGreaterThan(0);
    expect(acts.acts.every((a) => a.namespace === 'shop')).toBe(true);
  });

  it('refuses bad filters with a 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['since=yesterday', 'since'],
      ['until=2030-01-01T00:00:00', 'until'],
      ['outcome=lost', 'outcome'],
      ['key=user.created', 'key'],
      ['workflow=Not%20A%20Name', 'workflow'],
      ['format=xml', 'format'],
      ['after=12', 'after'],
      ['limit=0', 'limit'],
      ['colour=red', 'colour'],
    ];
    for (const [query, field] of cases) {
      const response = await fetch(`${cluster.url}/api/v1/audit/dispatches?${query}`, {
        headers: { authorization: `Bearer ${tenant.token}` },
      });
      expect([query, response.status]).toEqual([query, 400]);
      expect(JSON.stringify(await response.json())).toContain(field);
    }
    const acts = await fetch(`${cluster.url}/api/v1/audit/acts?type=token`, {
      headers: { authorization: `Bearer ${tenant.token}` },
    });
    expect(acts.status).toBe(400);
  });
});
