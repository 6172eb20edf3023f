import { randomBytes } from 'node:crypto';
import { eventually } from '../eventually';
import { WharfCluster } from '../wharf-cluster';
import { expectOk, RouteRequest } from './http';
import { StreamWatch } from './stream-watch';

/** Tenant A: the tenant under attack, with a token of every kind and a resource of every kind. */
export interface TargetTenant {
  slug: string;
  tokens: {
    admin: string;
    worker: string;
    publisher: string;
    viewer: string;
    /** An admin token bound to namespace `ab`. */
    boundToAb: string;
    /** An admin token whose expiry has passed. */
    expired: string;
    /** An admin token that was revoked. */
    revoked: string;
  };
  /** A live token of A the table's token route acts on (the positive control revokes it). */
  victimTokenId: string;
  workflow: string;
  workerId: string;
  eventId: string;
  runId: string;
  /** Two assigned step runs of the worker: one for started/completed, one for failed. */
  stepRunIds: [string, string];
  /** A cron that never ticks during the test, and a scheduled run far in the future. */
  cron: string;
  scheduledRunId: string;
  /** A run left unfinished, for the cancel route. */
  cancelRunId: string;
  /** A finished replay of A's events into another tenant. */
  replayId: string;
}

export interface AttackWorld {
  operatorToken: string;
  a: TargetTenant;
  /** Tenant B and its admin token: another tenant's token. */
  b: { slug: string; admin: string };
  /** An admin token of tenant C, archived after the token was made. */
  archivedTenantAdmin: string;
  /** A tenant nobody uses, for the positive control of archiving. */
  spareSlug: string;
  /** Every string that would reveal one of A's resources in an answer. */
  revealsA: string[];
}

/** The namespace every resource of A lives in (no X-Wharf-Namespace header). */
export const A_NAMESPACE = 'default';
export const WORKFLOW_EVENT_KEY = 'route-table:pushed';
export const WORKFLOW_ACTION = 'route-table:act';
const EXPIRY_AHEAD_MS = 3_000;

interface CreatedToken {
  tokenId: string;
  token: string;
  expiresAt: string | null;
}

interface RunView {
  runId: string;
  steps: { stepRunId: string; status: string }[];
}

/**
 * Builds the world the route table attacks, through the HTTP API only, and returns once it is
 * still: every expiry passed, every service projected every token, revocation and archive, and
 * the dispatcher assigned every step (nothing more is appended until someone acts).
 */
export async function buildAttackWorld(cluster: WharfCluster, watch: StreamWatch): Promise<AttackWorld> {
  const url = cluster.url;
  const operatorToken = cluster.operatorToken;
  const suffix = randomBytes(3).toString('hex');
  const ok = <T>(request: RouteRequest) => expectOk<T>(url, request);

  const createTenant = async (letter: string) =>
    (
      await ok<{ slug: string }>({
        method: 'POST',
        path: '/api/v1/tenants',
        token: operatorToken,
        body: { name: `Route attacks ${letter}`, purpose: 'development', slug: `ra-${letter}-${suffix}` },
      })
    ).slug;
  const createToken = (tenant: string, body: Record<string, unknown>) =>
    ok<CreatedToken>({ method: 'POST', path: `/api/v1/tenants/${tenant}/tokens`, token: operatorToken, body });

  const a = await createTenant('a');
  // First, so that the rest of the set-up spends most of the time it needs to expire.
  const expiring = await createToken(a, {
    name: 'expiring',
    role: 'admin',
    expiresAt: new Date(Date.now() + EXPIRY_AHEAD_MS).toISOString(),
  });
  const [admin, worker, publisher, viewer, boundToAb, revoked, victim] = await Promise.all([
    createToken(a, { name: 'admin', role: 'admin' }),
    createToken(a, { name: 'worker', role: 'worker' }),
    createToken(a, { name: 'publisher', role: 'publisher' }),
    createToken(a, { name: 'viewer', role: 'viewer' }),
    createToken(a, { name: 'bound-ab', role: 'admin', namespace: 'ab' }),
    createToken(a, { name: 'revoked', role: 'admin' }),
    createToken(a, { name: 'victim', role: 'viewer' }),
  ]);
  await ok({ method: 'DELETE', path: `/api/v1/tenants/${a}/tokens/${revoked.tokenId}`, token: operatorToken });

  const b = await createTenant('b');
  const bAdmin = await createToken(b, { name: 'admin', role: 'admin' });
  const c = await createTenant('c');
  const cAdmin = await createToken(c, { name: 'admin', role: 'admin' });
  await ok({ method: 'POST', path: `/api/v1/tenants/${c}/archive`, token: operatorToken });
  const spareSlug = await createTenant('d');

  const workflow = 'route-table';
  await ok({
    method: 'POST',
    path: '/api/v1/workflows',
    token: admin.token,
    body: { name: workflow, eventKeys: [WORKFLOW_EVENT_KEY], steps: [{ name: 'only', action: WORKFLOW_ACTION }] },
  });
  // Registered over HTTP, never connected: it stays available (the cluster's heartbeat timeout is
  // long) and holds its assignments, so its step runs can be reported on.
  const { workerId } = await ok<{ workerId: string }>({
    method: 'POST',
    path: '/api/v1/workers',
    token: worker.token,
    body: { name: 'table-worker', actions: [WORKFLOW_ACTION], maxRuns: 5 },
  });
  const pushes: { eventId: string; runs: string[] }[] = [];
  // The third run is left unfinished for the cancel route's control.
  for (const n of [1, 2, 3]) {
    pushes.push(
      await ok({
        method: 'POST',
        path: '/api/v1/events',
        token: publisher.token,
        body: { key: WORKFLOW_EVENT_KEY, payload: { n } },
      }),
    );
  }
  const runIds = pushes.map((p) => {
    if (p.runs.length !== 1) throw new Error(`event ${p.eventId} started ${p.runs.length} runs, expected 1`);
    return p.runs[0];
  });
  const stepRunIds = await Promise.all(
    runIds.map((runId) =>
      eventually(
        async () => {
          const run = await ok<RunView>({ method: 'GET', path: `/api/v1/runs/${runId}`, token: viewer.token });
          return run.steps[0]?.status === 'assigned' ? run.steps[0].stepRunId : undefined;
        },
        { what: `the step of run ${runId} assigned to the worker` },
      ),
    ),
  );

  const cron = 'route-table-cron';
  await ok({
    method: 'POST',
    path: '/api/v1/crons',
    token: admin.token,
    body: { name: cron, expression: '0 0 1 1 *', timezone: 'UTC', eventKey: 'route-table:never' },
  });
  const { id: scheduledRunId } = await ok<{ id: string }>({
    method: 'POST',
    path: '/api/v1/scheduled-runs',
    token: admin.token,
    body: { workflow, at: '2099-01-01T00:00:00Z' },
  });

  const { replayId } = await ok<{ replayId: string }>({
    method: 'POST',
    path: '/api/v1/replays',
    token: operatorToken,
    body: { from: a, to: `${a}-copy`, create: true },
  });
  await eventually(
    async () => {
      const replay = await ok<{ status: string }>({
        method: 'GET',
        path: `/api/v1/replays/${replayId}`,
        token: viewer.token,
      });
      if (replay.status === 'failed') throw new Error(`the replay of ${a} failed`);
      return replay.status === 'completed' ? true : undefined;
    },
    { what: `the replay of ${a} completed` },
  );

  const expiresAt = Date.parse(expiring.expiresAt ?? '');
  if (Number.isNaN(expiresAt)) throw new Error(`the expiring token came back with expiresAt ${expiring.expiresAt}`);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now() + 50)));
  await everyServiceProjected(url, watch);

  return {
    operatorToken,
    a: {
      slug: a,
      tokens: {
        admin: admin.token,
        worker: worker.token,
        publisher: publisher.token,
        viewer: viewer.token,
        boundToAb: boundToAb.token,
        expired: expiring.token,
        revoked: revoked.token,
      },
      victimTokenId: victim.tokenId,
      workflow,
      workerId,
      eventId: pushes[0].eventId,
      runId: runIds[0],
      stepRunIds: [stepRunIds[0], stepRunIds[1]],
      cron,
      scheduledRunId,
      cancelRunId: runIds[2],
      replayId,
    },
    b: { slug: b, admin: bAdmin.token },
    archivedTenantAdmin: cAdmin.token,
    spareSlug,
    revealsA: [
      a,
      workflow,
      workerId,
      ...pushes.map((p) => p.eventId),
      ...runIds,
      ...stepRunIds,
      victim.tokenId,
      cron,
      scheduledRunId,
      replayId,
    ],
  };
}

/**
 * Waits until each service's read model holds everything it can receive (the tenant service reads
 * only tenant-wide subjects): from then on every service refuses the revoked token and the
 * archived tenant's token, whichever one a request reaches.
 */
async function everyServiceProjected(url: string, watch: StreamWatch): Promise<void> {
  const targets: Record<string, () => Promise<number>> = {
    tenant: () => watch.lastSubjectSeq('wharf.*._.>'),
    registry: () => watch.lastSeq(),
    dispatch: () => watch.lastSeq(),
  };
  for (const [service, target] of Object.entries(targets)) {
    const seq = await target();
    await eventually(
      async () => {
        const health = await expectOk<{ appliedSeq: number }>(url, {
          method: 'GET',
          path: `/api/v1/health/${service}`,
        });
        return health.appliedSeq >= seq ? true : undefined;
      },
      { what: `the ${service} service projected sequence ${seq}` },
    );
  }
}
