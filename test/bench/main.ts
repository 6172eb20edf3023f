import 'reflect-metadata';
import { Wharf, WharfWorker } from '@wharf/sdk';
import { adminRequest } from '../../apps/cli/src/commands/support/admin-request';
import { startNatsServer } from '../support/nats-server';
import { createTenant } from '../support/tenant-fixture';
import { startWharfCluster, WharfCluster } from '../support/wharf-cluster';
import { jetStreamRates, sqliteInsertRates } from './baselines';
import { measureAuditExport } from './audit-export';
import { measureReplay } from './replay-rate';
import { revocationLatency } from './revocation-latency';
import { fmt, quantile, rate } from './stats';

/**
 * `npm run bench`: Wharf's speed beside the raw speed of its parts, measured in the same run on
 * this machine. Not part of the tests; nothing here asserts on time.
 */
const WORKERS = Number(process.env.BENCH_WORKERS ?? 4);
const DISPATCHES = Number(process.env.BENCH_DISPATCHES ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 200);
const STEADY_RATE = Number(process.env.BENCH_STEADY_RATE ?? 200);
const STEADY_SECONDS = Number(process.env.BENCH_STEADY_SECONDS ?? 10);
const REVOCATIONS = Number(process.env.BENCH_REVOCATIONS ?? 50);
const REPLAY_EVENTS = Number(process.env.BENCH_REPLAY_EVENTS ?? 100_000);

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function startWorkers(
  client: Wharf,
  onAssignment: (runId: string) => void,
  onCompleted: () => void,
): Promise<WharfWorker[]> {
  const workers: WharfWorker[] = [];
  for (let i = 0; i < WORKERS; i++) {
    const worker = client.worker({ name: `bench-${i}`, maxRuns: 500, actions: { 'bench:work': (input) => input } });
    worker.on('assignment', (a) => onAssignment(a.runId));
    worker.on('completed', () => onCompleted());
    await worker.start();
    workers.push(worker);
  }
  return workers;
}

async function throughput(
  client: Wharf,
  completions: { count: number; waiters: { n: number; resolve: () => void }[] },
) {
  const start = completions.count;
  const done = new Promise<void>((resolve) => completions.waiters.push({ n: start + DISPATCHES, resolve }));
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < DISPATCHES) {
        next++;
        await client.events.push('bench:go', { n: next });
      }
    }),
  );
  const pushedMs = Date.now() - started;
  await done;
  const elapsed = Date.now() - started;
  return { pushRate: rate(DISPATCHES, pushedMs), dispatchRate: rate(DISPATCHES, elapsed) };
}

async function steadyLatency(client: Wharf, received: Map<string, number>): Promise<number[]> {
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  const total = STEADY_RATE * STEADY_SECONDS;
  const interval = 1000 / STEADY_RATE;
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const at = performance.now();
    pending.push(
      client.events.push('bench:go', { steady: i }).then((p) => {
        for (const runId of p.runs) sent.set(runId, at);
      }),
    );
  }
  await Promise.all(pending);
  const deadline = Date.now() + 30_000;
  while ([...sent.keys()].some((id) => !received.has(id)) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  for (const [runId, at] of sent) {
    const got = received.get(runId);
    if (got !== undefined) latencies.push(got - at);
  }
  return latencies.sort((a, b) => a - b);
}

async function rebuildDispatch(cluster: WharfCluster): Promise<{ events: number; ms: number }> {
  process.env.WHARF_NATS_URL = cluster.natsUrl;
  return (await adminRequest('dispatch', 'rebuild', 600_000)) as { events: number; ms: number };
}

async function main(): Promise<void> {
  log(`Wharf benchmark — ${new Date().toISOString()}, node ${process.version}, ${WORKERS} workers`);

  const nats = await startNatsServer();
  let jsRate: number;
  let jsReadRate: number;
  try {
    ({ publish: jsRate, read: jsReadRate } = await jetStreamRates(nats.url));
  } finally {
    await nats.stop();
  }
  const sqlite = await sqliteInsertRates();
  log(`baseline  JetStream publish, ~1000 in flight        ${fmt(jsRate)} msg/s`);
  log(`baseline  JetStream ordered-consumer read          ${fmt(jsReadRate)} msg/s`);
  log(`baseline  SQLite raw better-sqlite3 inserts (1 tx)   ${fmt(sqlite.raw)} rows/s`);
  log(`baseline  SQLite TypeORM insert per row (1 tx)       ${fmt(sqlite.typeorm)} rows/s`);

  // Production defaults: the tenant service seals every tenant's history while everything runs.
  const cluster = await startWharfCluster({ env: { WHARF_SEALING: process.env.BENCH_SEALING ?? 'true' } });
  const workers: WharfWorker[] = [];
  try {
    const tenant = await createTenant(cluster, 'Bench');
    const client = tenant.client('bench');
    await client.workflows.put({
      name: 'bench',
      eventKeys: ['bench:go'],
      steps: [{ name: 'work', action: 'bench:work' }],
    });
    const received = new Map<string, number>();
    const completions = { count: 0, waiters: [] as { n: number; resolve: () => void }[] };
    workers.push(
      ...(await startWorkers(
        client,
        (runId) => {
          if (!received.has(runId)) received.set(runId, performance.now());
        },
        () => {
          completions.count++;
          const ready = completions.waiters.filter((w) => w.n <= completions.count);
          completions.waiters = completions.waiters.filter((w) => w.n > completions.count);
          for (const w of ready) w.resolve();
        },
      )),
    );

    const { pushRate, dispatchRate } = await throughput(client, completions);
    const eventsPerDispatch = 6; // event.pushed, run.started, step.assigned, step.started, step.completed, run.completed
    log(`wharf     pushes accepted (${CONCURRENCY} in flight)        ${fmt(pushRate)} events/s`);
    log(
      `wharf     end-to-end dispatches (push → step completed) ${fmt(dispatchRate)} dispatches/s ` +
        `(${DISPATCHES} events; ${fmt(dispatchRate * eventsPerDispatch)} stream events/s = ${fmt((100 * dispatchRate * eventsPerDispatch) / jsRate, 1)}% of raw JetStream)`,
    );

    const latencies = await steadyLatency(client, received);
    log(
      `wharf     push → worker receives assignment @ ${STEADY_RATE}/s  p50 ${fmt(quantile(latencies, 0.5), 1)} ms  ` +
        `p95 ${fmt(quantile(latencies, 0.95), 1)} ms  p99 ${fmt(quantile(latencies, 0.99), 1)} ms  (${latencies.length} samples)`,
    );

    const rebuild = await rebuildDispatch(cluster);
    log(
      `wharf     dispatch read model rebuild                ${fmt(rate(rebuild.events, rebuild.ms))} events/s ` +
        `(${rebuild.events} events in ${rebuild.ms} ms; ${fmt((100 * rate(rebuild.events, rebuild.ms)) / sqlite.typeorm, 1)}% of TypeORM per-row inserts)`,
    );

    for (const source of ['read-model', 'stream'] as const) {
      const exported = await measureAuditExport(cluster, tenant.token, { source });
      log(
        `wharf     audit export (NDJSON over HTTP, ${source.padEnd(10)})  ${fmt(rate(exported.lines, exported.ms))} lines/s ` +
          `= ${fmt(rate(exported.events, exported.ms))} pushed events/s (${exported.lines} lines of ${exported.events} events in ${exported.ms} ms; ` +
          `raw JetStream read ${fmt(jsReadRate)} msg/s)`,
      );
    }

    const revocation = await revocationLatency(cluster, tenant.slug, REVOCATIONS);
    for (const [service, latencies] of Object.entries(revocation.perService)) {
      log(
        `wharf     revoke acknowledged → ${service.padEnd(8)} refuses     p50 ${fmt(quantile(latencies, 0.5), 1)} ms  ` +
          `max ${fmt(latencies[latencies.length - 1], 1)} ms`,
      );
    }
    const last = revocation.lastService;
    log(
      `wharf     revoke acknowledged → last service refuses  p50 ${fmt(quantile(last, 0.5), 1)} ms  ` +
        `p95 ${fmt(quantile(last, 0.95), 1)} ms  max ${fmt(last[last.length - 1], 1)} ms  (${last.length} tokens)`,
    );

    // Last: it adds REPLAY_EVENTS events to the stream.
    await Promise.all(workers.splice(0).map((w) => w.stop().catch(() => undefined)));
    const replay = await measureReplay(cluster, cluster.operatorToken, REPLAY_EVENTS);
    log(
      `wharf     replay into a new tenant                   ${fmt(replay.rate)} events/s ` +
        `(${replay.events} events in ${fmt(replay.ms)} ms; raw JetStream publish ${fmt(jsRate)} msg/s, read ${fmt(jsReadRate)} msg/s)`,
    );
  } finally {
    await Promise.all(workers.map((w) => w.stop().catch(() => undefined)));
    await cluster.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`benchmark failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
