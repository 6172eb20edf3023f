import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Run, Wharf, WharfWorker } from '@wharf/sdk';
import { eventually } from '../support/eventually';
import { createTenant, TenantFixture } from '../support/tenant-fixture';
import { startWharfCluster, WharfCluster } from '../support/wharf-cluster';

jest.setTimeout(180_000);

const REPO = join(__dirname, '..', '..');

/**
 * A worker as its own OS process, built from dist/ like any program using the SDK: every step it
 * takes is held (never finished) and announced on stdout, so the test knows what the process
 * holds when it kills it.
 */
const WORKER_SCRIPT = `
require(process.env.E2E_REGISTER_PATHS);
const { Wharf } = require(process.env.E2E_SDK);
const worker = new Wharf().worker({
  name: process.env.E2E_WORKER_NAME,
  maxRuns: 4,
  gracePeriodMs: Number(process.env.E2E_GRACE_MS),
  actions: {
    'job:do': (input, ctx) => {
      console.log('holding ' + ctx.stepRunId + ' ' + ctx.attempt);
      return new Promise(() => undefined);
    },
  },
});
worker.on('released', (a) => console.log('released ' + a.stepRunId + ' ' + a.attempt));
worker.on('stopped', () => console.log('stopped'));
worker.start().then(() => console.log('ready ' + worker.id));
`;

class WorkerProcess {
  private output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.child.pid as number;
  }

  lines(prefix: string): string[][] {
    return this.output
      .split('\n')
      .filter((line) => line.startsWith(`${prefix} `))
      .map((line) => line.split(' ').slice(1));
  }

  /** Waits until stdout has `count` lines starting with `prefix`; returns their words after it. */
  async waitFor(prefix: string, count = 1): Promise<string[][]> {
    return eventually(() => (this.lines(prefix).length >= count ? this.lines(prefix) : undefined), {
      timeoutMs: 30_000,
      what: `${count} "${prefix}" line(s) from the worker process; output so far:\n${this.output}`,
    });
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) process.kill(this.pid, signal);
  }
}

describe('dead and leaving workers', () => {
  let cluster: WharfCluster;
  let scriptDir: string;
  const processes: WorkerProcess[] = [];
  const workers: WharfWorker[] = [];

  beforeAll(async () => {
    cluster = await startWharfCluster({
      env: {
        WHARF_HEARTBEAT_INTERVAL_MS: '200',
        WHARF_HEARTBEAT_TIMEOUT_MS: '1500',
        WHARF_HEARTBEAT_SWEEP_MS: '200',
        WHARF_MAX_REASSIGNMENTS: '2',
      },
    });
    scriptDir = mkdtempSync(join(tmpdir(), 'wharf-dead-workers-'));
    writeFileSync(join(scriptDir, 'worker.js'), WORKER_SCRIPT);
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop().catch(() => undefined)));
    for (const p of processes) p.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    await cluster?.stop();
    if (scriptDir) rmSync(scriptDir, { recursive: true, force: true });
  });

  function startWorkerProcess(tenant: TenantFixture, name: string, graceMs = 30_000): WorkerProcess {
    const child = spawn(process.execPath, [join(scriptDir, 'worker.js')], {
      cwd: scriptDir,
      env: {
        PATH: process.env.PATH,
        WHARF_URL: cluster.url,
        WHARF_TOKEN: tenant.token,
        WHARF_HEARTBEAT_INTERVAL_MS: '200',
        E2E_REGISTER_PATHS: join(REPO, 'scripts', 'register-paths.js'),
        E2E_SDK: join(REPO, 'dist', 'libs', 'sdk', 'src', 'index.js'),
        E2E_WORKER_NAME: name,
        E2E_GRACE_MS: String(graceMs),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const worker = new WorkerProcess(child);
    processes.push(worker);
    return worker;
  }

  /** An in-process worker that finishes every step, recording which step runs it ran. */
  async function healthyWorker(client: Wharf, ran: string[]): Promise<WharfWorker> {
    const worker = client.worker({
      name: 'healthy',
      maxRuns: 4,
      handleSignals: false,
      actions: {
        'job:do': (_input, ctx) => {
          ran.push(ctx.stepRunId);
          return `done by healthy (attempt ${ctx.attempt})`;
        },
      },
    });
    await worker.start();
    workers.push(worker);
    return worker;
  }

  function finished(client: Wharf, runId: string): Promise<Run> {
    return eventually(
      async () => {
        const run = await client.runs.get(runId);
        return run.status === 'completed' || run.status === 'failed' ? run : undefined;
      },
      { timeoutMs: 60_000, what: `run ${runId} finished` },
    );
  }

  it('kill -9: each held step completes exactly once on another worker; a late result is refused and recorded once', async () => {
    const tenant = await createTenant(cluster, 'Killed Worker');
    const client = tenant.client();
    await client.workflows.put({ name: 'fragile', eventKeys: ['job:new'], steps: [{ name: 'do', action: 'job:do' }] });
    const doomed = startWorkerProcess(tenant, 'doomed');
    await doomed.waitFor('ready');
    const runIds = [
      (await client.events.push('job:new', { n: 1 })).runs[0],
      (await client.events.push('job:new', { n: 2 })).runs[0],
    ];
    const held = await doomed.waitFor('holding', 2);

    doomed.kill('SIGKILL');
    expect(await doomed.exited).toMatchObject({ signal: 'SIGKILL' });
    const ran: string[] = [];
    await healthyWorker(client, ran);

    const runs = await Promise.all(runIds.map((id) => finished(client, id)));
    for (const run of runs) {
      expect(run.status).toBe('completed');
      expect(run.output).toBe('done by healthy (attempt 2)');
      expect(run.steps[0].assignments.map((a) => [a.attempt, a.workerName, a.outcome])).toEqual([
        [1, 'doomed', 'started'],
        [2, 'healthy', 'completed'],
      ]);
    }
    expect([...ran].sort()).toEqual(held.map(([stepRunId]) => stepRunId).sort());

    // The killed worker's attempt comes back late: refused, recorded, never applied — and a repeat
    // of the same late result records nothing more.
    const [stepRunId] = held[0];
    const run = runs.find((r) => r.steps[0].stepRunId === stepRunId) as Run;
    for (let i = 0; i < 2; i++) {
      await expect(client.stepRuns.completed(stepRunId, 1, 'late')).rejects.toMatchObject({ status: 409 });
    }
    const after = await eventually(
      async () => {
        const r = await client.runs.get(run.runId);
        return (r.steps[0].refusedReports ?? []).length > 0 ? r : undefined;
      },
      { what: 'the refused late report in the run history' },
    );
    expect(after.steps[0].refusedReports).toEqual([
      expect.objectContaining({ attempt: 1, currentAttempt: 2, outcome: 'completed', workerId: expect.any(String) }),
    ]);
    expect(after.output).toBe('done by healthy (attempt 2)');
    expect(after.steps[0].status).toBe('completed');
  });

  it('SIGTERM: a step still running after the grace period is handed back, completes on another worker, and the worker deregisters', async () => {
    const tenant = await createTenant(cluster, 'Leaving Worker');
    const client = tenant.client();
    await client.workflows.put({ name: 'long', eventKeys: ['job:long'], steps: [{ name: 'do', action: 'job:do' }] });
    const leaver = startWorkerProcess(tenant, 'leaver', 300);
    const [[leaverId]] = await leaver.waitFor('ready');
    const runId = (await client.events.push('job:long', {})).runs[0];
    await leaver.waitFor('holding');
    const ran: string[] = [];
    await healthyWorker(client, ran);

    leaver.kill('SIGTERM');
    await leaver.waitFor('released');
    expect(await leaver.exited).toMatchObject({ signal: 'SIGTERM' });

    const run = await finished(client, runId);
    expect(run.status).toBe('completed');
    expect(run.steps[0].assignments.map((a) => [a.attempt, a.workerName, a.outcome])).toEqual([
      [1, 'leaver', 'released'],
      [2, 'healthy', 'completed'],
    ]);
    expect(ran).toEqual([run.steps[0].stepRunId]);
    expect((await client.workers.get(leaverId)).status).toBe('deregistered');
  });

  it('a step whose workers keep dying fails after the reassignment limit with a readable reason', async () => {
    const tenant = await createTenant(cluster, 'Cursed Step');
    const client = tenant.client();
    await client.workflows.put({
      name: 'cursed',
      eventKeys: ['job:cursed'],
      steps: [{ name: 'do', action: 'job:do' }],
    });
    const first = startWorkerProcess(tenant, 'victim-1');
    await first.waitFor('ready');
    const runId = (await client.events.push('job:cursed', {})).runs[0];
    // Each victim takes the step, then dies; the next one is there to take it over.
    let current = first;
    for (let n = 2; n <= 3; n++) {
      await current.waitFor('holding');
      const next = startWorkerProcess(tenant, `victim-${n}`);
      await next.waitFor('ready');
      current.kill('SIGKILL');
      current = next;
    }
    await current.waitFor('holding');
    current.kill('SIGKILL');

    const run = await finished(client, runId);
    expect(run.status).toBe('failed');
    expect(run.steps[0].status).toBe('failed');
    expect(run.steps[0].error).toBe('worker lost 3 times (limit 2 reassignments)');
    expect(run.error).toContain('worker lost 3 times (limit 2 reassignments)');
    expect(run.steps[0].assignments.map((a) => [a.attempt, a.workerName])).toEqual([
      [1, 'victim-1'],
      [2, 'victim-2'],
      [3, 'victim-3'],
    ]);
  });
});
