import { EventEmitter, once } from 'node:events';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Assignment } from './assignment';
import { NonRetryableError } from './non-retryable-error';
import { Wharf } from './wharf';
import { WharfWorker } from './worker';

type ReportKind = 'started' | 'completed' | 'failed' | 'released';

interface Report {
  kind: ReportKind;
  stepRunId: string;
  body: { attempt: number; output?: unknown; error?: string };
}

/** What the fake answers to a report: a status, or undefined for the contract's normal answer. */
type ReportResponder = (report: Report, callNumber: number) => number | undefined;

const TOKEN = 'wt_test_secret';

/**
 * Plays the HTTP contract of the registry and the dispatch service for one namespace: worker
 * registration, heartbeats, the assignment stream (which resends every unfinished assignment on
 * connect) and the step-run reports. It records every call so the tests can count them.
 */
class ContractServer extends EventEmitter {
  readonly log: string[] = [];
  readonly reports: Report[] = [];
  readonly registrations: { workerId: string; body: Record<string, unknown> }[] = [];
  readonly heartbeats: string[] = [];
  readonly deregistered: string[] = [];
  readonly streamOpens: string[] = [];
  readonly badHeaders: string[] = [];
  /** Assignments per worker id that have no accepted outcome yet, in the order they were assigned. */
  private readonly unfinished = new Map<string, Assignment[]>();
  private readonly streams = new Map<string, ServerResponse[]>();
  private readonly server: Server;
  heartbeatStatus: (workerId: string) => number = () => 200;
  reportResponder: ReportResponder = () => undefined;
  /** The heartbeat interval the registry advises at registration. */
  advisedHeartbeatMs = 60_000;
  /** Simulates a lagging read model: also resends these, finished or not. */
  readonly resendAnyway: Assignment[] = [];
  url = '';

  constructor() {
    super();
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async listen(): Promise<void> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** Hands `assignment` to `workerId`: sent now on its open streams and resent on every reconnect until finished. */
  assign(workerId: string, assignment: Assignment): void {
    const list = this.unfinished.get(workerId) ?? [];
    list.push(assignment);
    this.unfinished.set(workerId, list);
    for (const res of this.streams.get(workerId) ?? []) this.send(res, assignment);
  }

  /** Sends a cancel signal for an attempt on the worker's open streams, as the dispatch service does. */
  cancel(workerId: string, message: { runId: string; stepRunId: string; attempt: number; reason: string }): void {
    for (const res of this.streams.get(workerId) ?? [])
      res.write(`event: cancel\ndata: ${JSON.stringify(message)}\n\n`);
  }

  /** Cuts every open assignment stream abruptly, as a crashed proxy or a lost network would. */
  dropStreams(): void {
    for (const list of this.streams.values()) for (const res of list.splice(0)) res.socket?.destroy();
  }

  private send(res: ServerResponse, assignment: Assignment): void {
    res.write(`event: assignment\ndata: ${JSON.stringify(assignment)}\n\n`);
  }

  private async body(req: IncomingMessage): Promise<Record<string, unknown>> {
    let text = '';
    for await (const chunk of req) text += chunk;
    return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private error(res: ServerResponse, status: number, message: string): void {
    this.json(res, status, { statusCode: status, error: 'Error', message });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? '';
    if (req.headers.authorization !== `Bearer ${TOKEN}` || req.headers['x-wharf-namespace'] !== 'team-a') {
      this.badHeaders.push(`${req.method} ${path}`);
    }
    const body = await this.body(req);
    let match: RegExpMatchArray | null;
    if (req.method === 'POST' && path === '/api/v1/workers') {
      const workerId = `w${this.registrations.length + 1}`;
      this.registrations.push({ workerId, body });
      this.log.push(`register ${workerId}`);
      this.json(res, 201, {
        workerId,
        name: body.name,
        namespace: 'team-a',
        actions: body.actions,
        maxRuns: body.maxRuns ?? 1,
        labels: body.labels ?? {},
        status: 'available',
        heartbeatIntervalMs: this.advisedHeartbeatMs,
        heartbeatTimeoutMs: 180_000,
      });
      this.emit('registered', workerId);
    } else if (req.method === 'POST' && (match = path.match(/^\/api\/v1\/workers\/([^/]+)\/heartbeat$/))) {
      const workerId = match[1];
      this.heartbeats.push(workerId);
      const status = this.heartbeatStatus(workerId);
      if (status === 200) this.json(res, 200, { workerId, status: 'available' });
      else this.error(res, status, `worker "${workerId}" not found`);
      this.emit('heartbeat', workerId, status);
    } else if (req.method === 'DELETE' && (match = path.match(/^\/api\/v1\/workers\/([^/]+)$/))) {
      this.deregistered.push(match[1]);
      this.log.push(`deregister ${match[1]}`);
      this.json(res, 200, { workerId: match[1], status: 'deregistered' });
    } else if (req.method === 'GET' && (match = path.match(/^\/api\/v1\/workers\/([^/]+)\/assignments$/))) {
      const workerId = match[1];
      res.writeHead(200, {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-cache',
        Connection: 'keep-alive',
      });
      res.flushHeaders();
      const list = this.streams.get(workerId) ?? [];
      list.push(res);
      this.streams.set(workerId, list);
      this.streamOpens.push(workerId);
      for (const assignment of this.unfinished.get(workerId) ?? []) this.send(res, assignment);
      for (const assignment of this.resendAnyway.splice(0)) this.send(res, assignment);
      this.emit('stream-open', workerId, this.streamOpens.length);
    } else if (
      req.method === 'POST' &&
      (match = path.match(/^\/api\/v1\/step-runs\/([^/]+)\/(started|completed|failed|released)$/))
    ) {
      const report: Report = { kind: match[2] as ReportKind, stepRunId: match[1], body: body as Report['body'] };
      this.reports.push(report);
      const callNumber = this.reports.filter((r) => r.kind === report.kind && r.stepRunId === report.stepRunId).length;
      const status = this.reportResponder(report, callNumber) ?? 200;
      if (status === 200) {
        this.log.push(`${report.kind} ${report.stepRunId}#${report.body.attempt}`);
        if (report.kind !== 'started') {
          for (const [workerId, list] of this.unfinished) {
            this.unfinished.set(
              workerId,
              list.filter((a) => a.stepRunId !== report.stepRunId),
            );
          }
        }
        this.json(res, 200, {
          stepRunId: report.stepRunId,
          status: report.kind === 'started' ? 'running' : report.kind,
        });
      } else {
        this.error(res, status, `report ${report.kind} refused`);
      }
      this.emit('report', report, status);
    } else {
      this.error(res, 404, `no route ${req.method} ${path}`);
    }
  }
}

/** A handler whose runs wait until the test releases them. */
class GatedHandler {
  readonly calls: { input: unknown; ctx: unknown }[] = [];
  readonly started = new EventEmitter();
  private releases: (() => void)[] = [];
  private active = 0;
  maxActive = 0;

  readonly handle = async (input: unknown, ctx: unknown): Promise<unknown> => {
    this.calls.push({ input, ctx });
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    const released = new Promise<void>((resolve) => this.releases.push(resolve));
    this.started.emit('call', this.calls.length);
    await released;
    this.active--;
    return { handled: input };
  };

  async waitForCalls(n: number): Promise<void> {
    while (this.calls.length < n) await once(this.started, 'call');
  }

  /** Lets the oldest waiting run finish. */
  releaseOne(): void {
    const release = this.releases.shift();
    if (release === undefined) throw new Error('no handler run is waiting');
    release();
  }
}

function assignment(stepRunId: string, attempt = 1, action = 'email:send'): Assignment {
  return {
    runId: `run-${stepRunId}`,
    stepRunId,
    workflow: 'onboard',
    step: 'welcome',
    action,
    input: { to: `${stepRunId}@example.test` },
    attempt,
  };
}

/** Resolves when `emitter` emits `event` with arguments that satisfy `accept`. */
function waitForEvent<T extends unknown[]>(
  emitter: EventEmitter,
  event: string,
  accept: (...args: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve) => {
    const listener = (...args: unknown[]): void => {
      if (!accept(...(args as T))) return;
      emitter.off(event, listener);
      resolve(args as T);
    };
    emitter.on(event, listener);
  });
}

describe('WharfWorker against a server playing the contract', () => {
  let server: ContractServer;
  let wharf: Wharf;
  let worker: WharfWorker | undefined;

  beforeEach(async () => {
    server = new ContractServer();
    await server.listen();
    wharf = new Wharf({ url: server.url, token: TOKEN, namespace: 'team-a', env: {}, cwd: '/nonexistent' });
  });

  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
    await server.close();
  });

  it('runs an assignment exactly once and reports completed once, although the stream drops and the server resends it', async () => {
    const handler = new GatedHandler();
    worker = wharf.worker({ name: 'mailer', actions: { 'email:send': handler.handle } });
    const work = assignment('s1');
    await worker.start();
    server.assign('w1', work);
    await handler.waitForCalls(1);

    // Dropped while the handler runs: the reconnect resends the unfinished assignment.
    const resentWhileRunning = waitForEvent(worker, 'duplicate');
    server.dropStreams();
    expect((await resentWhileRunning)[1]).toBe('already-running');

    const completed = waitForEvent(worker, 'completed');
    handler.releaseOne();
    await completed;

    // The server resends it once more, as a lagging read model might after the outcome.
    server.resendAnyway.push(work);
    const resentAfterFinish = waitForEvent(worker, 'duplicate');
    server.dropStreams();
    expect((await resentAfterFinish)[1]).toBe('already-finished');

    await worker.stop();
    expect(handler.calls).toHaveLength(1);
    expect(handler.calls[0].input).toEqual(work.input);
    expect(handler.calls[0].ctx).toEqual({
      runId: 'run-s1',
      stepRunId: 's1',
      workflow: 'onboard',
      step: 'welcome',
      action: 'email:send',
      attempt: 1,
      workerId: 'w1',
      signal: expect.any(AbortSignal) as unknown,
    });
    expect(server.reports.filter((r) => r.kind === 'started')).toHaveLength(1);
    expect(server.reports.filter((r) => r.kind === 'completed')).toEqual([
      { kind: 'completed', stepRunId: 's1', body: { attempt: 1, output: { handled: work.input } } },
    ]);
    expect(server.log).toEqual(['register w1', 'started s1#1', 'completed s1#1', 'deregister w1']);
    expect(server.streamOpens).toEqual(['w1', 'w1', 'w1']);
    expect(server.badHeaders).toEqual([]);
  });

  it('retries a report the server could not accept until it is accepted', async () => {
    server.reportResponder = (report, callNumber) =>
      report.kind === 'completed' && callNumber === 1 ? 503 : undefined;
    let calls = 0;
    worker = wharf.worker({ name: 'mailer', actions: { 'email:send': () => ++calls } });
    const retried = waitForEvent(worker, 'report-retry');
    const completed = waitForEvent(worker, 'completed');
    await worker.start();
    server.assign('w1', assignment('s1'));
    expect((await retried)[0]).toMatchObject({ report: 'completed' });
    await completed;
    await worker.stop();
    expect(calls).toBe(1);
    expect(server.reports.filter((r) => r.kind === 'completed').map((r) => r.body)).toEqual([
      { attempt: 1, output: 1 },
      { attempt: 1, output: 1 },
    ]);
    expect(server.log).toEqual(['register w1', 'started s1#1', 'completed s1#1', 'deregister w1']);
  });

  it('gives a report up when the server answers 409, and does not run a step whose start is refused', async () => {
    server.reportResponder = (report) =>
      (report.stepRunId === 'stale' && report.kind === 'started') ||
      (report.stepRunId === 'late' && report.kind === 'completed')
        ? 409
        : undefined;
    const ran: string[] = [];
    worker = wharf.worker({
      name: 'mailer',
      maxRuns: 2,
      actions: { 'email:send': (_input, ctx) => ran.push(ctx.stepRunId) },
    });
    const rejections: string[] = [];
    worker.on('report-rejected', ({ assignment: a, report, error }) =>
      rejections.push(`${report} ${a.stepRunId} ${error.status}`),
    );
    const bothRejected = waitForEvent(worker, 'report-rejected', () => rejections.length === 2);
    await worker.start();
    server.assign('w1', assignment('stale'));
    server.assign('w1', assignment('late'));
    await bothRejected;
    await worker.stop();
    expect(ran).toEqual(['late']);
    expect(rejections.sort()).toEqual(['completed late 409', 'started stale 409']);
    expect(server.reports.filter((r) => r.kind === 'completed' && r.stepRunId === 'late')).toHaveLength(1);
    expect(server.reports.filter((r) => r.stepRunId === 'stale').map((r) => r.kind)).toEqual(['started']);
  });

  it('reports a throwing handler as failed with its message', async () => {
    worker = wharf.worker({
      name: 'mailer',
      actions: {
        'email:send': () => {
          throw new Error('mailbox full');
        },
      },
    });
    const failed = waitForEvent(worker, 'failed');
    await worker.start();
    server.assign('w1', assignment('s1'));
    expect((await failed)[1]).toBe('mailbox full');
    await worker.stop();
    expect(server.reports.filter((r) => r.kind === 'failed').map((r) => r.body)).toEqual([
      { attempt: 1, error: 'mailbox full' },
    ]);
  });

  it('reports a NonRetryableError as failed with retryable false, so the step skips its retries', async () => {
    worker = wharf.worker({
      name: 'mailer',
      actions: {
        'email:send': () => {
          throw new NonRetryableError('no such mailbox');
        },
      },
    });
    const failed = waitForEvent(worker, 'failed');
    await worker.start();
    server.assign('w1', assignment('s1'));
    expect((await failed)[1]).toBe('no such mailbox');
    await worker.stop();
    expect(server.reports.filter((r) => r.kind === 'failed').map((r) => r.body)).toEqual([
      { attempt: 1, error: 'no such mailbox', retryable: false },
    ]);
  });

  it("aborts the handler's ctx.signal on a cancel message and reports nothing after it", async () => {
    let seen: AbortSignal | undefined;
    const running = new EventEmitter();
    worker = wharf.worker({
      name: 'mailer',
      actions: {
        'email:send': async (_input, ctx) => {
          seen = ctx.signal;
          running.emit('running');
          await once(ctx.signal, 'abort');
          throw new Error('stopped: ' + String(ctx.signal.reason));
        },
      },
    });
    const cancelled = waitForEvent(worker, 'cancelled');
    await worker.start();
    const started = once(running, 'running');
    server.assign('w1', assignment('s1'));
    await started;
    // Another attempt's cancel changes nothing.
    server.cancel('w1', { runId: 'run-s1', stepRunId: 's1', attempt: 7, reason: 'run-cancelled' });
    server.cancel('w1', { runId: 'run-s1', stepRunId: 's1', attempt: 1, reason: 'run-cancelled' });
    expect((await cancelled)[0]).toEqual({ runId: 'run-s1', stepRunId: 's1', attempt: 1, reason: 'run-cancelled' });
    await worker.stop();
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBe('run-cancelled');
    expect(server.reports.map((r) => r.kind)).toEqual(['started']);
  });

  it('does not start an attempt cancelled while it waited for a slot', async () => {
    const handler = new GatedHandler();
    worker = wharf.worker({ name: 'mailer', actions: { 'email:send': handler.handle } });
    await worker.start();
    server.assign('w1', assignment('s1'));
    server.assign('w1', assignment('s2'));
    await handler.waitForCalls(1);
    const cancelled = waitForEvent(worker, 'cancelled');
    server.cancel('w1', { runId: 'run-s2', stepRunId: 's2', attempt: 1, reason: 'execution-timeout' });
    await cancelled;
    const completed = waitForEvent(worker, 'completed');
    handler.releaseOne();
    await completed;
    await worker.stop();
    expect(handler.calls).toHaveLength(1);
    expect(server.reports.filter((r) => r.stepRunId === 's2')).toEqual([]);
  });

  it('registers again when a heartbeat is answered 404, and follows the new id’s assignment stream', async () => {
    server.heartbeatStatus = (workerId) => (workerId === 'w1' ? 404 : 200);
    const handler = new GatedHandler();
    worker = wharf.worker({
      name: 'mailer',
      actions: { 'email:send': handler.handle },
      heartbeatIntervalMs: 20,
      labels: { region: 'eu' },
    });
    const secondStream = waitForEvent(server, 'stream-open', (workerId: string) => workerId === 'w2');
    await worker.start();
    await secondStream;
    expect(worker.id).toBe('w2');
    server.assign('w2', assignment('s1'));
    await handler.waitForCalls(1);
    const completed = waitForEvent(worker, 'completed');
    handler.releaseOne();
    await completed;
    await worker.stop();
    expect(server.registrations.map((r) => r.body)).toEqual([
      { name: 'mailer', actions: ['email:send'], maxRuns: 1, labels: { region: 'eu' } },
      { name: 'mailer', actions: ['email:send'], maxRuns: 1, labels: { region: 'eu' } },
    ]);
    expect(server.deregistered).toEqual(['w2']);
  });

  it('runs at most maxRuns handlers at once and starts a queued step when a slot frees', async () => {
    const handler = new GatedHandler();
    worker = wharf.worker({ name: 'mailer', maxRuns: 2, actions: { 'email:send': handler.handle } });
    let admitted = 0;
    const allAdmitted = waitForEvent(worker, 'assignment', () => ++admitted === 3);
    await worker.start();
    for (const id of ['s1', 's2', 's3']) server.assign('w1', assignment(id));
    await allAdmitted;
    await handler.waitForCalls(2);
    handler.releaseOne();
    await handler.waitForCalls(3);
    handler.releaseOne();
    handler.releaseOne();
    await worker.stop();
    expect(handler.maxActive).toBe(2);
    expect(
      server.reports
        .filter((r) => r.kind === 'completed')
        .map((r) => r.stepRunId)
        .sort(),
    ).toEqual(['s1', 's2', 's3']);
  });

  it('waits for running handlers before it deregisters', async () => {
    const handler = new GatedHandler();
    worker = wharf.worker({ name: 'mailer', actions: { 'email:send': handler.handle } });
    await worker.start();
    server.assign('w1', assignment('s1'));
    await handler.waitForCalls(1);
    const stopped = worker.stop();
    handler.releaseOne();
    await stopped;
    expect(server.log).toEqual(['register w1', 'started s1#1', 'completed s1#1', 'deregister w1']);
  });

  describe('heartbeat interval: option, else WHARF_HEARTBEAT_INTERVAL_MS, else the registry, else 4000', () => {
    async function intervalOf(options: { option?: number; env?: string; advised?: number }): Promise<number> {
      if (options.advised !== undefined) server.advisedHeartbeatMs = options.advised;
      const env = options.env === undefined ? {} : { WHARF_HEARTBEAT_INTERVAL_MS: options.env };
      const client = new Wharf({ url: server.url, token: TOKEN, namespace: 'team-a', env, cwd: '/nonexistent' });
      const w = client.worker({
        name: 'mailer',
        actions: { 'email:send': () => null },
        heartbeatIntervalMs: options.option,
        handleSignals: false,
      });
      await w.start();
      const interval = w.heartbeatInterval;
      await w.stop();
      return interval;
    }

    it('takes the explicit option first', async () => {
      expect(await intervalOf({ option: 1_234, env: '2345', advised: 3_456 })).toBe(1_234);
    });

    it('takes the environment over the registry', async () => {
      expect(await intervalOf({ env: '2345', advised: 3_456 })).toBe(2_345);
    });

    it("takes the registry's advice when nothing is configured", async () => {
      expect(await intervalOf({ advised: 3_456 })).toBe(3_456);
    });

    it('heartbeats every 4 s when the registry advises nothing', async () => {
      expect(await intervalOf({ advised: 0 })).toBe(4_000);
    });

    it('refuses an interval that is not a positive whole number when the client is built', () => {
      expect(
        () => new Wharf({ url: server.url, token: TOKEN, env: { WHARF_HEARTBEAT_INTERVAL_MS: 'soon' }, cwd: '/none' }),
      ).toThrow('WHARF_HEARTBEAT_INTERVAL_MS');
    });
  });

  describe('graceful stop', () => {
    it('hands back a step still running after the grace period, reports nothing for it, then deregisters', async () => {
      const handler = new GatedHandler();
      worker = wharf.worker({ name: 'mailer', actions: { 'email:send': handler.handle }, gracePeriodMs: 50 });
      await worker.start();
      server.assign('w1', assignment('s1'));
      await handler.waitForCalls(1);
      const released = waitForEvent(worker, 'released');
      await worker.stop();
      expect((await released)[0]).toMatchObject({ stepRunId: 's1', attempt: 1 });
      // The handler ends after the hand-back: its outcome belongs to nobody now.
      handler.releaseOne();
      await new Promise((resolve) => setImmediate(resolve));
      expect(server.log).toEqual(['register w1', 'started s1#1', 'released s1#1', 'deregister w1']);
      expect(server.reports.filter((r) => r.kind === 'completed')).toEqual([]);
    });

    it('lets a step that finishes within the grace period report its outcome instead', async () => {
      const handler = new GatedHandler();
      worker = wharf.worker({ name: 'mailer', actions: { 'email:send': handler.handle }, gracePeriodMs: 60_000 });
      await worker.start();
      server.assign('w1', assignment('s1'));
      await handler.waitForCalls(1);
      const stopped = worker.stop();
      handler.releaseOne();
      await stopped;
      expect(server.log).toEqual(['register w1', 'started s1#1', 'completed s1#1', 'deregister w1']);
    });

    it('hands back at once the steps waiting for a slot and those that arrive while it stops, and keeps heartbeating', async () => {
      const handler = new GatedHandler();
      worker = wharf.worker({
        name: 'mailer',
        actions: { 'email:send': handler.handle },
        gracePeriodMs: 60_000,
        heartbeatIntervalMs: 10,
      });
      await worker.start();
      server.assign('w1', assignment('s1'));
      server.assign('w1', assignment('s2'));
      await handler.waitForCalls(1);
      const waitingHandedBack = waitForEvent(worker, 'released', (a: Assignment) => a.stepRunId === 's2');
      const stopped = worker.stop();
      await waitingHandedBack;
      const lateHandedBack = waitForEvent(worker, 'released', (a: Assignment) => a.stepRunId === 's3');
      server.assign('w1', assignment('s3'));
      await lateHandedBack;
      const beats = server.heartbeats.length;
      await waitForEvent(server, 'heartbeat');
      expect(server.heartbeats.length).toBeGreaterThan(beats);
      handler.releaseOne();
      await stopped;
      expect(handler.calls).toHaveLength(1);
      expect(server.log).toEqual([
        'register w1',
        'started s1#1',
        'released s2#1',
        'released s3#1',
        'completed s1#1',
        'deregister w1',
      ]);
    });

    it('stops on SIGTERM when started with the default signal handling', async () => {
      // The test's own listener keeps the signal from ending the test process once the worker stopped.
      const keepAlive = (): void => undefined;
      process.on('SIGTERM', keepAlive);
      try {
        worker = wharf.worker({ name: 'mailer', actions: { 'email:send': () => null } });
        await worker.start();
        const stopped = waitForEvent(worker, 'stopped');
        process.emit('SIGTERM', 'SIGTERM');
        await stopped;
        // Let the signal handling finish what follows the stop before the test's listener goes.
        await worker.stop();
        await new Promise((resolve) => setImmediate(resolve));
        expect(server.deregistered).toEqual(['w1']);
        expect(process.listenerCount('SIGTERM')).toBe(1);
      } finally {
        process.off('SIGTERM', keepAlive);
      }
    });

    it('leaves signals alone with handleSignals: false', async () => {
      const before = process.listenerCount('SIGTERM');
      worker = wharf.worker({ name: 'mailer', actions: { 'email:send': () => null }, handleSignals: false });
      await worker.start();
      expect(process.listenerCount('SIGTERM')).toBe(before);
    });
  });

  it('refuses an invalid registration before sending anything', () => {
    expect(() => wharf.worker({ name: 'Mailer', actions: { 'email:send': () => null } })).toThrow(
      'name: may contain only',
    );
    expect(() => wharf.worker({ name: 'mailer', actions: {} })).toThrow('actions: must list between 1 and 100 actions');
    expect(() => wharf.worker({ name: 'mailer', maxRuns: 0, actions: { a: () => null } })).toThrow('maxRuns');
    expect(server.registrations).toEqual([]);
  });
});
