import { Command } from 'commander';
import { EventStore } from '@wharf/event-store';
import { HistoryResource, HistoryVerification, HttpClient, Wharf } from '@wharf/sdk';
import { registerAuditVerifyCommand } from '../../apps/cli/src/commands/audit/verify.command';
import { addGlobalOptions } from '../../apps/cli/src/commands/support/global-options';
import { eventually } from '../support/eventually';
import { httpCall } from '../support/http-call';
import { createTenant, TenantFixture } from '../support/tenant-fixture';
import { startWharfCluster, WharfCluster } from '../support/wharf-cluster';

jest.setTimeout(120_000);

/** Runs `wharf audit verify <args>` in process; its stdout and exit code. */
async function cliVerify(args: string[]): Promise<{ stdout: string; exitCode: number }> {
  const program = addGlobalOptions(new Command('wharf')).exitOverride();
  registerAuditVerifyCommand(program.command('audit'));
  let stdout = '';
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
  const saved = process.exitCode;
  process.exitCode = 0;
  try {
    await program.parseAsync(['node', 'wharf', 'audit', 'verify', ...args]);
    return { stdout, exitCode: Number(process.exitCode ?? 0) };
  } finally {
    write.mockRestore();
    process.exitCode = saved;
  }
}

describe('history: seals and verification through the edge, the SDK and the CLI', () => {
  let cluster: WharfCluster;
  let acme: TenantFixture;
  let globex: TenantFixture;

  const history = (token: string, tenant?: string) =>
    new HistoryResource(new HttpClient({ url: cluster.url, token, namespace: 'default', tenant }));

  beforeAll(async () => {
    cluster = await startWharfCluster({ env: { WHARF_SEALING: 'true', WHARF_SEAL_INTERVAL_MS: '100' } });
    acme = await createTenant(cluster, 'Acme History');
    globex = await createTenant(cluster, 'Globex History');
    for (const namespace of ['default', 'ada', 'bob']) {
      const client: Wharf = acme.client(namespace);
      for (let i = 0; i < 20; i++) await client.events.push('nothing:listens', { i });
    }
    await globex.client().events.push('nothing:listens', {});
    await eventually(
      async () => {
        const report = await history(acme.token).verify();
        return report.unsealedEvents === 0 && report.seals > 0 ? report : undefined;
      },
      { what: 'every event of acme sealed', timeoutMs: 30_000 },
    );
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("verifies the tenant's history as JSON: intact, every event sealed", async () => {
    const answer = await httpCall<HistoryVerification>(cluster.url, '/api/v1/history/verify', { token: acme.token });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      tenant: acme.slug,
      intact: true,
      findings: [],
      findingsCount: 0,
      first: null,
      lastSealHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // The tenant record, its token and the 60 events.
    expect(answer.body.sealedEvents).toBeGreaterThanOrEqual(62);
  });

  it('streams progress lines, then the report, as NDJSON', async () => {
    const response = await fetch(`${cluster.url}/api/v1/history/verify`, {
      headers: { authorization: `Bearer ${acme.token}`, accept: 'application/x-ndjson' },
    });
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toEqual({ progress: { checked: 0, total: expect.any(Number) } });
    expect(lines[lines.length - 1]).toEqual({ report: expect.objectContaining({ tenant: acme.slug, intact: true }) });
    expect(lines.slice(0, -1).every((line) => 'progress' in line)).toBe(true);
  });

  it('streams progress to an SDK caller and checks an anchor', async () => {
    const progress: number[] = [];
    const report = await history(acme.token).verify({ onProgress: (p) => progress.push(p.checked) });
    expect(report.intact).toBe(true);
    expect(progress[0]).toBe(0);
    const anchored = await history(acme.token).verify({ anchor: report.lastSealHash! });
    expect(anchored.intact).toBe(true);
    const forged = await history(acme.token).verify({ anchor: '0'.repeat(64) });
    expect(forged).toMatchObject({ intact: false, first: { kind: 'anchor-missing' } });
  });

  it('lists the seals without their entries, chained', async () => {
    const seals = await history(acme.token).seals();
    expect(seals.length).toBeGreaterThan(0);
    expect(seals[0]).toEqual({
      index: 1,
      fromSeq: expect.any(Number),
      toSeq: expect.any(Number),
      count: expect.any(Number),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      previousHash: null,
      seq: expect.any(Number),
      sealedAt: expect.any(String),
    });
    expect(seals.slice(1).map((s) => s.previousHash)).toEqual(seals.slice(0, -1).map((s) => s.hash));
    const after = await history(acme.token).seals({ after: 1, limit: 1 });
    expect(after.map((s) => s.index)).toEqual(seals.length > 1 ? [2] : []);
  });

  it('lets the operator verify a tenant it names, and answers 404 for a tenant that does not exist', async () => {
    const report = await history(cluster.operatorToken, acme.slug).verify();
    expect(report).toMatchObject({ tenant: acme.slug, intact: true });
    const unknown = await httpCall(cluster.url, '/api/v1/history/verify', {
      token: cluster.operatorToken,
      tenant: 'no-such-tenant',
    });
    expect(unknown.status).toBe(404);
    const unnamed = await httpCall(cluster.url, '/api/v1/history/verify', { token: cluster.operatorToken });
    expect(unnamed.status).toBe(403);
  });

  it("never verifies another tenant's history for a tenant token", async () => {
    const own = await httpCall<HistoryVerification>(cluster.url, '/api/v1/history/verify', { token: globex.token });
    expect(own.body.tenant).toBe(globex.slug);
    const other = await httpCall(cluster.url, '/api/v1/history/verify', { token: globex.token, tenant: acme.slug });
    expect(other.status).toBe(403);
  });

  it('refuses a token bound to a namespace: the history spans every namespace', async () => {
    const operator = new Wharf({ url: cluster.url, token: cluster.operatorToken, tenant: null });
    const bound = await operator.tokens.create(acme.slug, { name: 'bound-viewer', role: 'viewer', namespace: 'ada' });
    const answer = await httpCall(cluster.url, '/api/v1/history/verify', { token: bound.token });
    expect(answer.status).toBe(403);
  });

  it('answers a malformed anchor or listing bound with a 400 naming the field', async () => {
    const anchor = await httpCall<{ field: string }>(cluster.url, '/api/v1/history/verify?anchor=xyz', {
      token: acme.token,
    });
    expect([anchor.status, anchor.body.field]).toEqual([400, 'anchor']);
    const limit = await httpCall<{ field: string }>(cluster.url, '/api/v1/history/seals?limit=0', {
      token: acme.token,
    });
    expect([limit.status, limit.body.field]).toEqual([400, 'limit']);
  });

  it('`wharf audit verify` says the history is intact, exit code 0; with a foreign anchor, exit code 1', async () => {
    const global = ['--url', cluster.url, '--token', acme.token];
    const intact = await cliVerify(global);
    expect(intact.exitCode).toBe(0);
    expect(intact.stdout).toMatch(
      /^intact: \d+ events in \d+ seals?, \d+ not sealed yet\nlast seal hash: [0-9a-f]{64}/,
    );
    const forged = await cliVerify([...global, '--anchor', 'f'.repeat(64)]);
    expect(forged.exitCode).toBe(1);
    expect(forged.stdout).toMatch(/^NOT INTACT: no seal of the chain has the hash f{64}/);
    const json = await cliVerify([...global, '--json', '--tenant', acme.slug]);
    expect(JSON.parse(json.stdout)).toMatchObject({ tenant: acme.slug, intact: true });
  });

  it('a dispatch service restarted on a stream that ends with a seal folds it and decides again', async () => {
    // The dispatcher passes over seals without decoding them; it must still count them as read, or
    // its start-up fold would wait for a sequence it never queues.
    const client = acme.client('restart');
    await client.workflows.put({ name: 'after-seal', eventKeys: ['seal:after'], steps: [{ name: 's', action: 'a' }] });
    await client.events.push('seal:before', {});
    const store = await EventStore.connect({ name: 'history-e2e', env: { WHARF_NATS_URL: cluster.natsUrl } });
    try {
      await eventually(
        async () => {
          const last = await store.jsm.streams.getMessage(store.stream, { seq: await store.lastSeq() });
          return last.subject === `wharf.${acme.slug}._.seal.history` ? true : undefined;
        },
        { what: 'a seal as the last message of the stream', timeoutMs: 30_000 },
      );
    } finally {
      await store.close();
    }
    await cluster.restart('dispatch');
    const pushed = await client.events.push('seal:after', {});
    expect(pushed.runs).toHaveLength(1);
  });
});
