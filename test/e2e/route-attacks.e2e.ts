import { issueToken, OPERATOR_PERMISSIONS, Permission, ROLE_PERMISSIONS } from '@wharf/auth';
import { TokenRole } from '@wharf/events';
import { AttackWorld, buildAttackWorld } from '../support/route-attacks/attack-world';
import { RouteAnswer, RouteRequest, sendRoute } from '../support/route-attacks/http';
import { StreamWatch } from '../support/route-attacks/stream-watch';
import { startWharfCluster, WharfCluster } from '../support/wharf-cluster';

jest.setTimeout(180_000);

/**
 * What B's admin token (another tenant's) gets: 404 where the path names a resource of A (never
 * reveal that it exists), 403 on operator-only routes (refused by role before anything is looked
 * up), and on routes that name nothing of A it acts in B: A's history must not move and the
 * answer must not mention anything of A.
 */
type OtherTenant = 404 | 403 | 'acts in its own tenant';

/**
 * When a route's positive control runs: reads first, then writes, then the step reports (in table
 * order: started before completed), then what removes a resource others' controls still use, and
 * the operator token's rotation at the very end (every later request with the old token would be
 * refused).
 */
type Phase = 'read' | 'write' | 'report' | 'remove' | 'last';

type Params = (world: AttackWorld) => Record<string, string>;

interface RouteRow {
  /** `METHOD /path/{param}`, exactly as the merged OpenAPI document names it. */
  route: string;
  /** The permission the route requires (its @Requires), or public. */
  access: Permission | 'public';
  /** The path parameters, filled with A's resources. */
  params?: Params;
  /** A valid body (or one made from the world): only the credential is wrong in every attack. */
  body?: unknown;
  bodyOf?: (world: AttackWorld) => unknown;
  /** Server-sent events: a 200 is not read to its end. */
  stream?: boolean;
  otherTenant?: OtherTenant;
  /** The right token gets a 2xx: a route cannot pass this table by refusing everything. */
  control: { as: TokenRole | 'operator' | 'no token'; phase: Phase; params?: Params };
}

const tenantOfA: Params = (w) => ({ tenant: w.a.slug });
const workerOfA: Params = (w) => ({ id: w.a.workerId });
const firstStepRun: Params = (w) => ({ id: w.a.stepRunIds[0] });
const secondStepRun: Params = (w) => ({ id: w.a.stepRunIds[1] });

// Bodies name nothing of A's fixture: what B's token creates with them in B cannot be mistaken for
// A's, and the workflow's event key is not the one pushed, so no run starts behind the test's back.
const WORKFLOW_BODY = {
  name: 'attack-flow',
  eventKeys: ['attack:never'],
  steps: [{ name: 's', action: 'attack:act' }],
};
const WORKER_BODY = { name: 'attack-worker', actions: ['attack:act'] };
const EVENT_BODY = { key: 'attack:pushed', payload: { from: 'route table' } };

/** Every HTTP route of Wharf. A route the edge serves that is missing here fails the first test. */
const ROUTES: readonly RouteRow[] = [
  { route: 'GET /api/v1/health/edge', access: 'public', control: { as: 'no token', phase: 'read' } },
  { route: 'GET /api/v1/openapi.json', access: 'public', control: { as: 'no token', phase: 'read' } },
  { route: 'GET /api/v1/health/tenant', access: 'public', control: { as: 'no token', phase: 'read' } },
  { route: 'GET /api/v1/health/registry', access: 'public', control: { as: 'no token', phase: 'read' } },
  { route: 'GET /api/v1/health/dispatch', access: 'public', control: { as: 'no token', phase: 'read' } },
  {
    route: 'POST /api/v1/tenants',
    access: 'tenants:create',
    body: { name: 'Created by the route table', purpose: 'development' },
    otherTenant: 403,
    control: { as: 'operator', phase: 'write' },
  },
  {
    route: 'GET /api/v1/tenants',
    access: 'tenant:read',
    otherTenant: 'acts in its own tenant',
    control: { as: 'viewer', phase: 'read' },
  },
  {
    route: 'GET /api/v1/tenants/{tenant}',
    access: 'tenant:read',
    params: tenantOfA,
    otherTenant: 404,
    control: { as: 'viewer', phase: 'read' },
  },
  {
    route: 'PATCH /api/v1/tenants/{tenant}',
    access: 'tenant:write',
    params: tenantOfA,
    body: { description: 'described by the route table' },
    otherTenant: 404,
    control: { as: 'admin', phase: 'write' },
  },
  {
    route: 'POST /api/v1/tenants/{tenant}/archive',
    access: 'tenants:archive',
    params: tenantOfA,
    otherTenant: 403,
    control: { as: 'operator', phase: 'remove', params: (w) => ({ tenant: w.spareSlug }) },
  },
  {
    route: 'POST /api/v1/tenants/{tenant}/tokens',
    access: 'tokens:manage',
    params: tenantOfA,
    body: { name: 'made-by-table', role: 'viewer' },
    otherTenant: 404,
    control: { as: 'admin', phase: 'write' },
  },
  {
    route: 'GET /api/v1/tenants/{tenant}/tokens',
    access: 'tokens:manage',
    params: tenantOfA,
    otherTenant: 404,
    control: { as: 'admin', phase: 'read' },
  },
  {
    route: 'DELETE /api/v1/tenants/{tenant}/tokens/{tokenId}',
    access: 'tokens:manage',
    params: (w) => ({ tenant: w.a.slug, tokenId: w.a.victimTokenId }),
    otherTenant: 404,
    control: { as: 'admin', phase: 'remove' },
  },
  {
    route: 'POST /api/v1/operator/token/rotate',
    access: 'operator:rotate',
    otherTenant: 403,
    control: { as: 'operator', phase: 'last' },
  },
  {
    route: 'POST /api/v1/workers',
    access: 'workers:write',
    body: WORKER_BODY,
    otherTenant: 'acts in its own tenant',
    control: { as: 'worker', phase: 'write' },
  },
  {
    route: 'GET /api/v1/workers',
    access: 'workers:read',
    otherTenant: 'acts in its own tenant',
    control: { as: 'viewer', phase: 'read' },
  },
  {
    route: 'GET /api/v1/workers/{id}',
    access: 'workers:read',
    params: workerOfA,
    otherTenant: 404,
    control: { as: 'viewer', phase: 'read' },
  },
  {
    route: 'DELETE /api/v1/workers/{id}',
    access: 'workers:write',
    params: workerOfA,
    otherTenant: 404,
    control: { as: 'worker', phase: 'remove' },
  },
  {
    route: 'POST /api/v1/workers/{id}/heartbeat',
    access: 'workers:write',
    params: workerOfA,
    otherTenant: 404,
    control: { as: 'worker', phase: 'write' },
  },
  {
    route: 'GET /api/v1/workers/{id}/assignments',
    access: 'assignments:receive',
    params: workerOfA,
    stream: true,
    otherTenant: 404,
    control: { as: 'worker', phase: 'read' },
  },
  {
    route: 'POST /api/v1/workflows',
    access: 'workflows:write',
    body: WORKFLOW_BODY,
    otherTenant: 'acts in its own tenant',
    control: { as: 'admin', phase: 'write' },
  },
  {
    route: 'GET /api/v1/workflows',
    access: 'workflows:read',
    otherTenant: 'acts in its own tenant',
    control: { as: 'viewer', phase: 'read' },
  },
  {
    route: 'GET /api/v1/workflows/{name}',
    access: 'workflows:read',
    params: (w) => ({ name: w.a.workflow }),
    otherTenant: 404,
    control: { as: 'viewer', phase: 'read' },
  },
  {
    route: 'GET /api/v1/namespaces',
    access: 'namespaces:read',
    otherTenant: 'acts in its own tenant',
    control: { as: 'viewer', phase: 'read' },
  },
  {
    route: 'POST /api/v1/events',
    access: 'events:push',
    body: EVENT_BODY,
    otherTenant: 'acts in its own tenant',
    control: { as: 'publisher', phase: 'write' },
  },
  {
    route: 'GET /api/v1/events/{id}',
    access: 'events:read',
    params: (w) => ({ id: w.a.eventId }),
    otherTenant: 404,
    control: { as: 'publisher', phase: 'read' },
  },
  {
    route: 'POST /api/v1/step-runs/{id}/started',
    access: 'step-runs:report',
    params: firstStepRun,
    body: { attempt: 1 },
    otherTenant: 404,
    control: { as: 'worker', phase: 'report' },
  },
  {
    route: 'POST /api/v1/step-runs/{id}/completed',
    access: 'step-runs:report',
    params: firstStepRun,
    body: { attempt: 1, output: { done: true } },
    otherTenant: 404,
    control: { as: 'worker', phase: 'report' },
  },
  {
    route: 'POST /api/v1/step-runs/{id}/failed',
    access: 'step-runs:report',
    params: secondStepRun,
    body: { attempt: 1, error: 'failed on purpose by the route table' },
    otherTenant: 404,
    control: { as: 'worker', phase: 'report' },
  },
  {
    // After the reports: handing back an attempt that already completed changes nothing (200).
    route: 'POST /api/v1/step-runs/{id}/released',
    access: 'step-runs:report',
    params: firstStepRun,
    body: { attempt: 1 },
    otherTenant: 404,
    control: { as: 'worker', phase: 'remove' },
  },
  {
    route: 'GET /api/v1/runs',
    access: 'runs:read',
    otherTenant: 'acts in its own tenant',
    control: { as: 'viewer', phase: 'read' },
  },
  {
    route: 'GET /api/v1/runs/{id}',
    access: 'runs:read',
    params: (w) => ({ id: w.a.runId }),
    otherTenant: 404,
    control: { as: 'viewer', phase: 'read' },
  },
  {
    // Publishers and admins may cancel; the run is A's third, left unfinished by the fixture.
    route: 'POST /api/v1/runs/{id}/cancel',
    access: 'events:push',
    params: (w) => ({ id: w.a.cancelRunId }),
    body: { reason: 'cancelled by the route table' },
    otherTenant: 404,
    control: { as: 'publisher', phase: 'write' },
  },
  {
    route: 'POST /api/v1/crons',
    access: 'schedules:write',
    body: { name: 'attack-cron', expression: '0 0 1 1 *', timezone: 'UTC', eventKey: 'attack:never' },
    otherTenant: 'acts in its own tenant',
    control: { as: 'admin', phase: 'write' },
  },
  {
    route: 'GET /api/v1/crons',
    access: 'schedules:read',
    otherTenant: 'acts in its own tenant',
    control: { as: 'viewer', phase: 'read' },
  },
  {
    route: 'GET /api/v1/crons/{name}',
    access: 'schedules:read',
    params: (w) => ({ name: w.a.cron }),
    otherTenant: 404,
    control: { as: 'viewer', phase: 'read' },
  },
  {
    route: 'DELETE /api/v1/crons/{name}',
    access: 'schedules:write',
    params: (w) => ({ name: w.a.cron }),
    otherTenant: 404,
    control: { as: 'admin', phase: 'remove' },
  },
  {
    route: 'POST /api/v1/scheduled-runs',
    access: 'schedules:write',
    body: { workflow: 'attack-flow', at: '2099-01-01T00:00:00Z' },
    otherTenant: 'acts in its own tenant',
    control: { as: 'admin', phase: 'write' },
  },
  {
    route: 'GET /api/v1/scheduled-runs',
    access: 'schedules:read',
    otherTenant: 'acts in its own tenant',
    control: { as: 'viewer', phase: 'read' },
  },
  {
    route: 'GET /api/v1/scheduled-runs/{id}',
    access: 'schedules:read',
    params: (w) => ({ id: w.a.scheduledRunId }),
    otherTenant: 404,
    control: { as: 'viewer', phase: 'read' },
  },
  {
    route: 'DELETE /api/v1/scheduled-runs/{id}',
    access: 'schedules:write',
    params: (w) => ({ id: w.a.scheduledRunId }),
    otherTenant: 404,
    control: { as: 'admin', phase: 'remove' },
  },
  {
    route: 'POST /api/v1/events/{id}/replay',
    access: 'events:push',
    params: (w) => ({ id: w.a.eventId }),
    otherTenant: 404,
    control: { as: 'publisher', phase: 'write' },
  },
  {
    route: 'POST /api/v1/runs/{id}/replay',
    access: 'events:push',
    params: (w) => ({ id: w.a.runId }),
    otherTenant: 404,
    control: { as: 'publisher', phase: 'write' },
  },
  {
    route: 'GET /api/v1/replays',
    access: 'replays:read',
    otherTenant: 'acts in its own tenant',
    control: { as: 'viewer', phase: 'read' },
  },
  {
    route: 'GET /api/v1/replays/{id}',
    access: 'replays:read',
    params: (w) => ({ id: w.a.replayId }),
    otherTenant: 404,
    control: { as: 'viewer', phase: 'read' },
  },
  {
    route: 'POST /api/v1/replays',
    access: 'replays:write',
    // B's admin naming A as the source learns nothing of A (404); the control only plans (dry run).
    bodyOf: (w) => ({ from: w.a.slug, to: w.spareSlug, dryRun: true }),
    otherTenant: 404,
    control: { as: 'operator', phase: 'write' },
  },
  {
    route: 'GET /api/v1/audit/dispatches',
    access: 'audit:read',
    otherTenant: 'acts in its own tenant',
    control: { as: 'viewer', phase: 'read' },
  },
  {
    route: 'GET /api/v1/audit/acts',
    access: 'audit:read',
    otherTenant: 'acts in its own tenant',
    control: { as: 'viewer', phase: 'read' },
  },
  {
    route: 'GET /api/v1/history/verify',
    access: 'history:verify',
    otherTenant: 'acts in its own tenant',
    control: { as: 'viewer', phase: 'read' },
  },
  {
    route: 'GET /api/v1/history/seals',
    access: 'history:verify',
    otherTenant: 'acts in its own tenant',
    control: { as: 'viewer', phase: 'read' },
  },
];

/** The edge's own routes: it answers them itself, so no service's OpenAPI document lists them. */
const EDGE_OWN_ROUTES = ['GET /api/v1/health/edge', 'GET /api/v1/openapi.json'];

type Expected = number | 'acts in its own tenant';
type Credentials = Pick<RouteRequest, 'token' | 'authorization' | 'namespace'>;

interface Attack {
  name: string;
  /** What the row must answer, or null when the attack does not apply to it (n/a). */
  expected(row: RouteRow & { access: Permission }): Expected | null;
  credentials(world: AttackWorld, row: RouteRow & { access: Permission }): Credentials;
}

const ROLES_STRONGEST_FIRST: readonly TokenRole[] = ['admin', 'worker', 'publisher', 'viewer'];

/** The strongest role that lacks the permission, or null when every role has it. */
function insufficientRole(permission: Permission): TokenRole | null {
  return ROLES_STRONGEST_FIRST.find((role) => !ROLE_PERMISSIONS[role].includes(permission)) ?? null;
}

const ATTACKS: readonly Attack[] = [
  { name: 'no token', expected: () => 401, credentials: () => ({}) },
  { name: 'malformed token', expected: () => 401, credentials: () => ({ token: 'not-a-wharf-token' }) },
  { name: 'unknown token', expected: () => 401, credentials: () => ({ token: issueToken().token }) },
  { name: 'expired token', expected: () => 401, credentials: (w) => ({ token: w.a.tokens.expired }) },
  { name: 'revoked token', expected: () => 401, credentials: (w) => ({ token: w.a.tokens.revoked }) },
  { name: "archived tenant's token", expected: () => 401, credentials: (w) => ({ token: w.archivedTenantAdmin }) },
  {
    name: "other tenant's token",
    expected: (row) => row.otherTenant ?? null,
    credentials: (w) => ({ token: w.b.admin }),
  },
  {
    name: 'insufficient role',
    expected: (row) => (insufficientRole(row.access) === null ? null : 403),
    credentials: (w, row) => ({ token: w.a.tokens[insufficientRole(row.access) as TokenRole] }),
  },
  {
    name: 'namespace-bound token in another namespace',
    expected: () => 403,
    credentials: (w) => ({ token: w.a.tokens.boundToAb, namespace: 'cd' }),
  },
  {
    name: 'operator token',
    expected: (row) => (OPERATOR_PERMISSIONS.includes(row.access) ? null : 403),
    credentials: (w) => ({ token: w.operatorToken }),
  },
];

function isGuarded(row: RouteRow): row is RouteRow & { access: Permission } {
  return row.access !== 'public';
}

function methodOf(row: RouteRow): string {
  return row.route.split(' ')[0];
}

function pathOf(row: RouteRow, world: AttackWorld, params: Params | undefined = row.params): string {
  const values = params?.(world) ?? {};
  return row.route.split(' ')[1].replace(/\{(\w+)\}/g, (_, name: string) => {
    if (values[name] === undefined) throw new Error(`the table gives no value for {${name}} of ${row.route}`);
    return encodeURIComponent(values[name]);
  });
}

function bodyOf(row: RouteRow, world: AttackWorld): unknown {
  return row.bodyOf ? row.bodyOf(world) : row.body;
}

/** The row × attack cells that apply, each with its expected answer. */
function attackCells(row: RouteRow & { access: Permission }) {
  return ATTACKS.flatMap((attack) => {
    const expected = attack.expected(row);
    return expected === null ? [] : [{ attack, expected }];
  });
}

const PHASES: readonly Phase[] = ['read', 'write', 'report', 'remove', 'last'];
const CONTROLS = [...ROUTES].sort((x, y) => PHASES.indexOf(x.control.phase) - PHASES.indexOf(y.control.phase));

/** Status and answer together, so a wrong status shows what the service said. */
function outcome(answer: RouteAnswer) {
  return { status: answer.status, answer: answer.text };
}

function expectSuccess(answer: RouteAnswer): void {
  expect({ ...outcome(answer), success: answer.status >= 200 && answer.status < 300 }).toMatchObject({ success: true });
}

describe('every HTTP route × every wrong credential: the exact refusal, and the stream does not move', () => {
  let cluster: WharfCluster;
  let watch: StreamWatch;
  let world: AttackWorld;

  beforeAll(async () => {
    // Heartbeats never time out during the test: a silent worker becoming unavailable would append
    // to the stream while the table checks that nothing does.
    cluster = await startWharfCluster({ env: { WHARF_HEARTBEAT_TIMEOUT_MS: String(3_600_000) } });
    watch = await StreamWatch.open(cluster.natsUrl);
    world = await buildAttackWorld(cluster, watch);
  });

  afterAll(async () => {
    await watch?.close();
    await cluster?.stop();
  });

  it('lists every route the edge serves, and no route it does not serve', async () => {
    const answer = await sendRoute(cluster.url, { method: 'GET', path: '/api/v1/openapi.json' });
    const document = answer.body as {
      paths: Record<string, Record<string, unknown>>;
      'x-wharf-missing-services'?: string[];
    };
    expect(document['x-wharf-missing-services']).toBeUndefined();
    const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
    const served = Object.entries(document.paths).flatMap(([path, item]) =>
      methods.filter((method) => item[method] !== undefined).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const listed = ROUTES.map((row) => row.route);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual([...served, ...EDGE_OWN_ROUTES].sort());
  });

  describe.each(ROUTES.filter(isGuarded).map((row) => [row.route, row] as const))('%s', (_route, row) => {
    it.each(attackCells(row).map((cell) => [cell.attack.name, cell.expected, cell.attack] as const))(
      '%s → %s',
      async (_name, expected, attack) => {
        const request: RouteRequest = {
          method: methodOf(row),
          path: pathOf(row, world),
          body: bodyOf(row, world),
          stream: row.stream,
          ...attack.credentials(world, row),
        };
        if (expected === 'acts in its own tenant') {
          const historyOfA = await watch.subjectCounts(`wharf.${world.a.slug}.>`);
          const answer = await sendRoute(cluster.url, request);
          expectSuccess(answer);
          for (const revealing of world.revealsA) expect(answer.text).not.toContain(revealing);
          expect(await watch.subjectCounts(`wharf.${world.a.slug}.>`)).toEqual(historyOfA);
          return;
        }
        const before = await watch.lastSeq();
        const answer = await sendRoute(cluster.url, request);
        expect(outcome(answer)).toEqual({ status: expected, answer: expect.any(String) });
        expect(answer.body).toMatchObject({ statusCode: expected, message: expect.any(String) });
        expect(await watch.lastSeq()).toBe(before);
      },
    );
  });

  describe('positive controls: the right token gets a 2xx', () => {
    it.each(CONTROLS.map((row) => [row.route, row.control.as, row] as const))('%s as %s', async (_r, _as, row) => {
      const { as, params } = row.control;
      const token =
        as === 'no token' ? undefined : as === 'operator' ? world.operatorToken : world.a.tokens[as as TokenRole];
      const answer = await sendRoute(cluster.url, {
        method: methodOf(row),
        path: pathOf(row, world, params ?? row.params),
        body: bodyOf(row, world),
        stream: row.stream,
        token,
      });
      expectSuccess(answer);
      if (row.stream) expect(answer.contentType).toMatch(/^text\/event-stream/);
    });
  });
});
