import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { connect, NatsConnection } from 'nats';
import { hashToken, issueToken } from '@wharf/auth';
import { Wharf, WharfWorker } from '@wharf/sdk';
import { AdminHttp, IssuedTokenAnswer } from '../support/admin-http';
import { eventually } from '../support/eventually';
import { httpCall } from '../support/http-call';
import {
  ByteSource,
  bytesOf,
  filesUnder,
  foundIn,
  Needle,
  occurrences,
  streamMessages,
} from '../support/secret-search';
import { startWharfCluster, WharfCluster } from '../support/wharf-cluster';

jest.setTimeout(180_000);

const STREAM = 'WHARF_EVENTS';
const SERVICES = ['tenant', 'registry', 'dispatch'] as const;
const TOKEN_SHAPE = /^wharf_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

interface Secret {
  label: string;
  token: string;
  /** Issued by Wharf (its hash must be in the stream); false for strings presented but never issued. */
  issued: boolean;
  /** An active tenant token: every service's read model must hold its hash to authenticate it. */
  inReadModels: boolean;
}

/** The part of a token after `wharf_<id>_`: 256 bits that must never be stored anywhere. */
function secretPart(token: string): string | null {
  return TOKEN_SHAPE.exec(token)?.[2] ?? null;
}

/** Each secret as two needles: the whole token string and its secret part alone. */
function needlesOf(secrets: readonly Secret[]): Needle[] {
  return secrets.flatMap((secret) => {
    const part = secretPart(secret.token);
    return [
      { label: `token "${secret.label}"`, value: secret.token },
      ...(part === null ? [] : [{ label: `secret part of token "${secret.label}"`, value: part }]),
    ];
  });
}

/** Whole-second times survive any rounding a service might apply to stored expiries. */
function wholeSecondsFromNow(seconds: number): Date {
  return new Date((Math.floor(Date.now() / 1000) + seconds) * 1000);
}

describe('no secret is ever written to the stream, a read model or a log line', () => {
  let cluster: WharfCluster;
  let nc: NatsConnection;
  let admin: AdminHttp;
  const secrets: Secret[] = [];
  const workers: WharfWorker[] = [];
  /** What the SDK worker logged: a log line of the client side of the whole path. */
  const workerLog: string[] = [];
  let operatorTokenFile: string;

  beforeAll(async () => {
    cluster = await startWharfCluster();
    nc = await connect({ servers: cluster.natsUrl });
    admin = new AdminHttp(cluster.url, cluster.operatorToken);
    operatorTokenFile = join(cluster.dataDir, 'operator.token');
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop().catch(() => undefined)));
    await nc?.close();
    await cluster?.stop();
  });

  /** Every file of the data folder (SQLite files with their -wal/-shm, the NATS store, the logs) but operator.token. */
  function dataFiles(): ByteSource[] {
    // operator.token is where the operator token is meant to be (mode 0600): the one file excluded.
    return filesUnder(cluster.dataDir, (path) => path === operatorTokenFile);
  }

  function logFiles(): ByteSource[] {
    return filesUnder(join(cluster.dataDir, 'logs'));
  }

  function workerLogLines(): ByteSource[] {
    return [{ name: 'the SDK worker log', bytes: Buffer.from(workerLog.join('\n')) }];
  }

  it('issues tokens of every role, rotates the operator token and runs the whole path', async () => {
    const firstOperator = cluster.operatorToken;
    secrets.push({ label: 'operator (before rotation)', token: firstOperator, issued: true, inReadModels: false });
    const rotated = await admin.rotateOperatorToken();
    secrets.push({ label: 'operator (after rotation)', token: rotated.token, issued: true, inReadModels: false });
    admin.useOperatorToken(rotated.token);
    expect((await httpCall(cluster.url, '/api/v1/tenants', { token: firstOperator })).status).toBe(401);

    const tenant = await admin.createTenant('Secret Scan');
    const other = await admin.createTenant('Secret Scan Other');
    const issue = async (label: string, token: Promise<IssuedTokenAnswer>, active = true) => {
      const issued = await token;
      secrets.push({ label, token: issued.token, issued: true, inReadModels: active });
      return issued;
    };
    const adminToken = await issue('admin', admin.issueToken(tenant.slug, { name: 'admin', role: 'admin' }));
    // Tokens issued by the tenant's own admin token as well as by the operator.
    const workerToken = await issue(
      'worker bound to ab',
      admin.issueToken(tenant.slug, { name: 'worker', role: 'worker', namespace: 'ab' }, adminToken.token),
    );
    const publisherToken = await issue(
      'publisher bound to ab',
      admin.issueToken(tenant.slug, { name: 'publisher', role: 'publisher', namespace: 'ab' }, adminToken.token),
    );
    const viewerToken = await issue(
      'viewer that never expires',
      admin.issueToken(tenant.slug, { name: 'viewer', role: 'viewer', expiresAt: 'never' }),
    );
    const revokedToken = await issue(
      'revoked admin',
      admin.issueToken(tenant.slug, { name: 'revoked', role: 'admin' }),
      false,
    );
    const expiresAt = wholeSecondsFromNow(3);
    const expiringToken = await issue(
      'expired viewer',
      admin.issueToken(tenant.slug, { name: 'short-lived', role: 'viewer', expiresAt: expiresAt.toISOString() }),
      false,
    );
    const otherToken = await issue(
      'admin of another tenant',
      admin.issueToken(other.slug, { name: 'other', role: 'admin' }),
    );
    expect(secrets.filter((s) => s.issued).map((s) => secretPart(s.token))).not.toContain(null);

    // The path: a workflow, an SDK worker, pushed events, completed runs.
    const adminClient = new Wharf({ url: cluster.url, token: adminToken.token, namespace: 'ab' });
    const workerClient = new Wharf({ url: cluster.url, token: workerToken.token, namespace: 'ab' });
    const publisher = new Wharf({ url: cluster.url, token: publisherToken.token, namespace: 'ab' });
    const viewer = new Wharf({ url: cluster.url, token: viewerToken.token, namespace: 'ab' });
    await adminClient.workflows.put({
      name: 'welcome',
      eventKeys: ['user:created'],
      steps: [
        { name: 'send-email', action: 'email:send' },
        { name: 'audit', action: 'audit:write' },
      ],
    });
    const logger = {
      info: (line: string) => workerLog.push(`info ${line}`),
      warn: (line: string) => workerLog.push(`warn ${line}`),
    };
    const worker = workerClient.worker({
      name: 'scanner',
      maxRuns: 4,
      logger,
      actions: {
        'email:send': (input: unknown) => ({ sent: input }),
        'audit:write': (input: unknown) => ({ audited: input }),
      },
    });
    workers.push(worker);
    await worker.start();
    const pushed = await Promise.all(
      Array.from({ length: 20 }, (_, i) => publisher.events.push('user:created', { email: `user-${i}@example.com` })),
    );
    const runIds = pushed.flatMap((p) => p.runs);
    expect(runIds).toHaveLength(20);
    for (const runId of runIds) {
      await eventually(async () => ((await publisher.runs.get(runId)).status === 'completed' ? true : undefined), {
        what: `run ${runId} completed`,
      });
    }
    expect(await viewer.runs.list({ limit: 500 })).toHaveLength(20);
    expect((await viewer.workers.list()).length).toBeGreaterThan(0);
    expect(await viewer.workflows.list()).toHaveLength(1);

    // Token management: listing and revoking, never showing a secret.
    await admin.revokeToken(tenant.slug, revokedToken.tokenId, adminToken.token);
    const listing = await httpCall(cluster.url, `/api/v1/tenants/${tenant.slug}/tokens`, { token: adminToken.token });
    expect(listing.status).toBe(200);
    expect((listing.body as unknown[]).length).toBeGreaterThanOrEqual(6);
    for (const secret of secrets) {
      expect(listing.text.includes(secret.token)).toBe(false);
      expect(listing.text.includes(hashToken(secret.token))).toBe(false);
    }

    // Refused requests, each sent through the edge and straight to every service, so every
    // service's refusal path (and any line it might log about it) sees each bad token.
    const forged = `wharf_${adminToken.tokenId}_${randomBytes(32).toString('base64url')}`;
    const unknown = issueToken().token;
    const malformed = `wharf_${randomBytes(12).toString('hex')}`;
    secrets.push(
      { label: 'forged (known id, wrong secret)', token: forged, issued: false, inReadModels: false },
      { label: 'unknown', token: unknown, issued: false, inReadModels: false },
      { label: 'malformed', token: malformed, issued: false, inReadModels: false },
    );
    await eventually(() => (Date.now() > expiresAt.getTime() ? true : undefined), {
      what: 'the short-lived token expired',
    });
    const probes = [
      { path: `/api/v1/tenants/${tenant.slug}`, service: 'tenant' },
      { path: '/api/v1/workers', service: 'registry' },
      { path: '/api/v1/runs', service: 'dispatch' },
    ] as const;
    const refused = [
      { token: forged, status: 401 },
      { token: unknown, status: 401 },
      { token: malformed, status: 401 },
      { token: revokedToken.token, status: 401 },
      { token: expiringToken.token, status: 401 },
      { token: firstOperator, status: 401 },
    ];
    for (const { token, status } of refused) {
      for (const probe of probes) {
        for (const base of [cluster.url, cluster.services[probe.service]?.url as string]) {
          const answer = await httpCall(base, probe.path, { token, namespace: 'ab' });
          expect({ probe: probe.path, base, status: answer.status }).toEqual({ probe: probe.path, base, status });
          expect(answer.text.includes(token)).toBe(false);
        }
      }
    }
    expect((await httpCall(cluster.url, `/api/v1/runs/${runIds[0]}`, { token: otherToken.token })).status).toBe(404);
    const workerPush = await httpCall(cluster.url, '/api/v1/events', {
      method: 'POST',
      token: workerToken.token,
      namespace: 'ab',
      body: { key: 'user:created' },
    });
    expect(workerPush.status).toBe(403);
    expect((await httpCall(cluster.url, '/api/v1/runs', { token: publisherToken.token, namespace: 'cd' })).status).toBe(
      403,
    );

    await worker.stop();
    expect(workerLog.length).toBeGreaterThan(0);
  });

  it('reads the whole search space: each issued token is in the stream by its hash, and the logs are written', async () => {
    const stream = (await streamMessages(nc)).filter((m) => m.name.startsWith(`stream ${STREAM} `));
    expect(stream.length).toBeGreaterThan(100);
    const missing = secrets
      .filter((s) => s.issued && !foundIn(stream, hashToken(s.token)))
      .map((s) => `hash of "${s.label}"`);
    expect(missing).toEqual([]);

    const logs = logFiles();
    const unwritten = [...SERVICES, 'edge', 'nats'].filter(
      (app) => (logs.find((l) => l.name === `${app}.log`)?.bytes.length ?? 0) === 0,
    );
    expect(unwritten).toEqual([]);
    for (const app of SERVICES) {
      expect(logs.find((l) => l.name === `${app}.log`)?.bytes.toString()).toContain('listening on');
    }
  });

  it('finds no issued or presented token, nor its secret part, in any message of any stream', async () => {
    const messages = await streamMessages(nc);
    const hits = occurrences(messages, needlesOf(secrets));
    console.log(
      `secret scan: ${secrets.length} tokens, ${messages.length} stream messages (${bytesOf(messages)} bytes) searched`,
    );
    expect(hits).toEqual([]);
  });

  it('finds none in any file of the data folder (SQLite files with -wal/-shm, the NATS store, the logs), operator.token excepted', async () => {
    await expectNoSecretInFiles('while running');
  });

  it('finds none in the captured logs of every process and of the SDK worker', () => {
    const logs = [...logFiles(), ...workerLogLines()];
    expect(logs.length).toBeGreaterThanOrEqual(6);
    expect(occurrences(logs, needlesOf(secrets))).toEqual([]);
  });

  it('still finds none once every service has been stopped and started again (read models closed, start-up logged)', async () => {
    for (const app of [...SERVICES, 'edge'] as const) await cluster.restart(app);
    // The restarted services answer with what they had: the scan below reads their files at rest.
    const token = secrets.find((s) => s.label === 'viewer that never expires')?.token as string;
    expect((await httpCall(cluster.url, '/api/v1/runs', { token, namespace: 'ab' })).status).toBe(200);
    await expectNoSecretInFiles('after a restart');
    expect(occurrences([...logFiles(), ...workerLogLines()], needlesOf(secrets))).toEqual([]);
  });

  async function expectNoSecretInFiles(when: string): Promise<void> {
    const files = dataFiles();
    const names = files.map((f) => f.name);
    // The search covers what it claims to: every read model, the NATS store and the logs.
    for (const app of SERVICES) expect(names).toContain(`${app}.sqlite`);
    expect(names.some((n) => n.startsWith(`nats${sep}`))).toBe(true);
    expect(names.some((n) => n.startsWith(`logs${sep}`))).toBe(true);
    const natsStore = files.filter((f) => f.name.startsWith(`nats${sep}`));
    const issued = secrets.filter((s) => s.issued);
    expect(issued.filter((s) => !foundIn(natsStore, hashToken(s.token))).map((s) => s.label)).toEqual([]);
    const absentFromReadModels = SERVICES.flatMap((app) => {
      const readModel = files.filter((f) => f.name.startsWith(`${app}.sqlite`));
      return secrets
        .filter((s) => s.inReadModels && !foundIn(readModel, hashToken(s.token)))
        .map((s) => `hash of "${s.label}" in ${app}.sqlite`);
    });
    expect(absentFromReadModels).toEqual([]);

    const hits = occurrences(files, needlesOf(secrets));
    console.log(
      `secret scan (${when}): ${files.length} files (${bytesOf(files)} bytes) searched, operator.token excluded: ${names.sort().join(', ')}`,
    );
    expect(hits).toEqual([]);

    // The one excluded file holds an operator token, and only an operator token.
    expect(existsSync(operatorTokenFile)).toBe(true);
    const held = readFileSync(operatorTokenFile, 'utf8').trim();
    const operatorTokens = secrets.filter((s) => s.label.startsWith('operator')).map((s) => s.token);
    expect(operatorTokens.includes(held)).toBe(true);
    // ...and the same search, run over that file too, finds exactly it there: a token present is found.
    const heldLabel = secrets.find((s) => s.token === held)?.label;
    expect(occurrences(filesUnder(cluster.dataDir), needlesOf(secrets))).toEqual([
      `token "${heldLabel}" in operator.token`,
      `secret part of token "${heldLabel}" in operator.token`,
    ]);
    if (held !== operatorTokens[1]) {
      console.log('operator.token still holds the operator token from before the rotation');
    }
  }
});
