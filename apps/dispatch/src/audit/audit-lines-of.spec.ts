import { AnyStoredEvent, EventPayloads, EventType, StoredEvent } from '@wharf/events';
import { AuditLine } from './audit-line';
import { auditLinesOf } from './audit-lines-of';
import { MapAuditMemory } from './audit-memory';

const T0 = Date.parse('2030-01-01T00:00:00.000Z');

/** A story of stream events: each `at(ms)` call records the next event `ms` after the start. */
function history() {
  let seq = 0;
  const events: AnyStoredEvent[] = [];
  const record = <K extends EventType>(type: K, ms: number, payload: EventPayloads[K], actor = 'system') => {
    seq += 1;
    const aggregateType = type.startsWith('worker') ? 'worker' : type === 'event.pushed' ? 'event' : 'run';
    const event = {
      id: `e${seq}`,
      type,
      schemaVersion: 1,
      tenant: 'acme',
      namespace: 'default',
      aggregate: { type: aggregateType, id: 'x' },
      occurredAt: new Date(T0 + ms).toISOString(),
      actor,
      correlationId: 'c',
      causationId: null,
      payload,
      seq,
      subject: `wharf.acme.default.${aggregateType}.x`,
    } as StoredEvent<K>;
    events.push(event as unknown as AnyStoredEvent);
    return event;
  };
  return { events, record };
}

function linesOf(events: AnyStoredEvent[], memory = new MapAuditMemory()): AuditLine[] {
  return events.flatMap((e) => auditLinesOf(e, memory));
}

const step = (n: number) => ({ stepRunId: `s${n}`, step: `step-${n}`, action: 'job:do' });
const assigned = (attempt: number, workerId: string, candidates = [workerId]) => ({
  runId: 'r1',
  stepRunId: 's1',
  step: 'step-1',
  action: 'job:do',
  attempt,
  workerId,
  workerName: `${workerId}-name`,
  strategy: 'random' as const,
  candidates,
  draw: 0.5,
  input: null,
});

function startedRun(h: ReturnType<typeof history>) {
  h.record('worker.registered', 0, {
    workerId: 'w1',
    name: 'w1-name',
    actions: ['job:do'],
    maxRuns: 1,
    labels: { zone: 'eu' },
  });
  h.record('worker.registered', 0, { workerId: 'w2', name: 'w2-name', actions: ['job:do'], maxRuns: 1, labels: {} });
  h.record(
    'event.pushed',
    10,
    {
      eventId: 'ev1',
      key: 'user:created',
      payload: {},
      metadata: {},
      runs: [{ runId: 'r1', workflow: 'welcome', workflowVersion: 2 }],
    },
    'tok-1',
  );
  h.record('run.started', 20, {
    runId: 'r1',
    workflow: 'welcome',
    workflowVersion: 2,
    eventId: 'ev1',
    eventKey: 'user:created',
    input: {},
    steps: [step(1)],
  });
}

describe('auditLinesOf', () => {
  it('an event no workflow matched is one line with outcome unmatched, and nothing is remembered', () => {
    const h = history();
    h.record('event.pushed', 0, { eventId: 'ev9', key: 'nobody:cares', payload: 1, metadata: {}, runs: [] }, 'tok-9');
    const memory = new MapAuditMemory();
    expect(linesOf(h.events, memory)).toEqual([
      {
        seq: 1,
        eventSeq: 1,
        kind: 'event',
        at: '2030-01-01T00:00:00.000Z',
        namespace: 'default',
        eventId: 'ev9',
        eventKey: 'nobody:cares',
        outcome: 'unmatched',
        detail: 'no workflow matched',
        actor: 'tok-9',
      },
    ]);
    expect(memory.size).toBe(0);
  });

  it('a run from push to completion: every line cites its own seq and the event seq, with durations', () => {
    const h = history();
    startedRun(h);
    h.record('step.assigned', 25, assigned(1, 'w1', ['w1', 'w2']));
    h.record('step.started', 30, { runId: 'r1', stepRunId: 's1', attempt: 1, workerId: 'w1' });
    h.record('step.completed', 125, { runId: 'r1', stepRunId: 's1', attempt: 1, workerId: 'w1', output: 'ok' });
    h.record('run.completed', 130, { runId: 'r1', output: 'ok' });
    const memory = new MapAuditMemory();
    const lines = linesOf(h.events, memory);
    expect(lines.map((l) => [l.seq, l.eventSeq, l.kind, l.durationMs])).toEqual([
      [3, 3, 'event', undefined],
      [4, 3, 'run', undefined],
      [5, 3, 'assignment', undefined],
      [6, 3, 'started', 5],
      [7, 3, 'completed', 100],
      [8, 3, 'run-completed', 110],
    ]);
    expect(lines[0]).toMatchObject({ detail: 'matched 1 workflow: welcome', actor: 'tok-1' });
    expect(lines[2]).toMatchObject({
      runId: 'r1',
      workflow: 'welcome',
      workflowVersion: 2,
      eventId: 'ev1',
      eventKey: 'user:created',
      step: 'step-1',
      attempt: 1,
      workerId: 'w1',
      workerName: 'w1-name',
      workerLabels: { zone: 'eu' },
      strategy: 'random',
      candidates: 2,
    });
    expect(lines[3]).toMatchObject({ step: 'step-1', workerName: 'w1-name' });
    expect(lines[5]).toMatchObject({ outcome: 'completed' });
    // Only the workers stay: the event, the run and its attempts are forgotten once finished.
    expect([...memory.entries.keys()].sort()).toEqual(['worker/acme/w1', 'worker/acme/w2']);
  });

  it('records a queue wait, then the assignment with how long the step waited', () => {
    const h = history();
    startedRun(h);
    h.record('step.queued', 21, {
      runId: 'r1',
      stepRunId: 's1',
      step: 'step-1',
      action: 'job:do',
      reason: 'no-available-worker',
    });
    h.record('step.assigned', 521, assigned(1, 'w2'));
    const lines = linesOf(h.events);
    expect(lines.slice(2).map((l) => [l.kind, l.durationMs, l.detail])).toEqual([
      ['queued', undefined, 'no available worker'],
      ['assignment', 500, undefined],
    ]);
  });

  it('a retried step: failed, retry with its backoff, a new assignment', () => {
    const h = history();
    startedRun(h);
    h.record('step.assigned', 25, assigned(1, 'w1'));
    h.record('step.failed', 75, { runId: 'r1', stepRunId: 's1', attempt: 1, workerId: 'w1', error: 'boom' });
    h.record('step.retry-scheduled', 75, {
      runId: 'r1',
      stepRunId: 's1',
      attempt: 1,
      retryAt: new Date(T0 + 175).toISOString(),
      delayMs: 100,
      reason: 'failed',
    });
    h.record('step.assigned', 180, assigned(2, 'w2'));
    const lines = linesOf(h.events).slice(2);
    expect(lines.map((l) => [l.kind, l.attempt, l.workerId, l.durationMs])).toEqual([
      ['assignment', 1, 'w1', undefined],
      ['failed', 1, 'w1', 50],
      ['retry', 1, undefined, 100],
      ['assignment', 2, 'w2', undefined],
    ]);
    expect(lines[1].detail).toBe('boom');
    expect(lines[2].detail).toBe('attempt 2 at 2030-01-01T00:00:00.175Z (failed)');
  });

  it('a worker lost while holding the step: a reassigned line for the old attempt, then the new assignment', () => {
    const h = history();
    startedRun(h);
    h.record('step.assigned', 25, assigned(1, 'w1'));
    h.record('step.started', 30, { runId: 'r1', stepRunId: 's1', attempt: 1, workerId: 'w1' });
    h.record('step.assigned', 1025, assigned(2, 'w2'));
    const lines = linesOf(h.events).slice(4);
    expect(lines.map((l) => [l.seq, l.kind, l.attempt, l.workerId, l.durationMs])).toEqual([
      [7, 'reassigned', 1, 'w1', 1000],
      [7, 'assignment', 2, 'w2', undefined],
    ]);
    expect(lines[0].detail).toBe('attempt 1 taken from worker w1-name: worker lost');
  });

  it('a worker lost with no other worker: reassigned, then queued', () => {
    const h = history();
    startedRun(h);
    h.record('step.assigned', 25, assigned(1, 'w1'));
    h.record('step.queued', 525, {
      runId: 'r1',
      stepRunId: 's1',
      step: 'step-1',
      action: 'job:do',
      reason: 'no-available-worker',
    });
    expect(
      linesOf(h.events)
        .slice(3)
        .map((l) => [l.kind, l.workerId, l.durationMs]),
    ).toEqual([
      ['reassigned', 'w1', 500],
      ['queued', undefined, undefined],
    ]);
  });

  it('a hand-back is released, not reassigned', () => {
    const h = history();
    startedRun(h);
    h.record('step.assigned', 25, assigned(1, 'w1'));
    h.record('step.released', 45, { runId: 'r1', stepRunId: 's1', attempt: 1, workerId: 'w1' });
    h.record('step.assigned', 50, assigned(2, 'w2'));
    expect(
      linesOf(h.events)
        .slice(3)
        .map((l) => [l.kind, l.attempt, l.durationMs]),
    ).toEqual([
      ['released', 1, 20],
      ['assignment', 2, undefined],
    ]);
  });

  it('an execution timeout and a late report that is refused', () => {
    const h = history();
    startedRun(h);
    h.record('step.assigned', 25, assigned(1, 'w1'));
    h.record('step.timed-out', 325, {
      runId: 'r1',
      stepRunId: 's1',
      attempt: 1,
      workerId: 'w1',
      phase: 'execution',
      afterMs: 300,
    });
    h.record('step.report-refused', 400, {
      runId: 'r1',
      stepRunId: 's1',
      attempt: 1,
      currentAttempt: 1,
      workerId: 'w1',
      outcome: 'completed',
      reason: 'the attempt was taken from its worker',
    });
    const lines = linesOf(h.events).slice(3);
    expect(lines.map((l) => [l.kind, l.eventSeq, l.durationMs, l.detail])).toEqual([
      ['timed-out', 3, 300, 'execution timeout after 300 ms'],
      [
        'refusal',
        3,
        undefined,
        'report "completed" of attempt 1 refused (current attempt 1): the attempt was taken from its worker',
      ],
    ]);
  });

  it('a report refused after the run finished is a group of its own (the run is forgotten)', () => {
    const h = history();
    startedRun(h);
    h.record('step.assigned', 25, assigned(1, 'w1'));
    h.record(
      'run.cancelled',
      30,
      { runId: 'r1', reason: 'changed my mind', stepRunId: 's1', attempt: 1, workerId: 'w1' },
      'tok-2',
    );
    h.record('step.report-refused', 40, {
      runId: 'r1',
      stepRunId: 's1',
      attempt: 1,
      currentAttempt: 1,
      workerId: 'w1',
      outcome: 'completed',
      reason: 'the run was cancelled',
    });
    const lines = linesOf(h.events).slice(3);
    expect(lines[0]).toMatchObject({
      kind: 'run-cancelled',
      outcome: 'cancelled',
      actor: 'tok-2',
      durationMs: 10,
      eventSeq: 3,
    });
    expect(lines[1]).toMatchObject({
      kind: 'refusal',
      seq: 7,
      eventSeq: 7,
      eventId: null,
      eventKey: null,
      runId: 'r1',
    });
    expect(lines[1].workflow).toBeUndefined();
  });

  it('a failed run carries the error and the duration from its start', () => {
    const h = history();
    startedRun(h);
    h.record('step.failed', 40, {
      runId: 'r1',
      stepRunId: 's1',
      attempt: 0,
      workerId: null,
      error: 'no worker within 20 ms',
      reason: 'schedule-timeout',
    });
    h.record('run.failed', 40, { runId: 'r1', stepRunId: 's1', error: 'no worker within 20 ms' });
    const lines = linesOf(h.events).slice(2);
    expect(lines.map((l) => [l.kind, l.workerId, l.durationMs, l.outcome])).toEqual([
      ['failed', undefined, undefined, undefined],
      ['run-failed', undefined, 20, 'failed'],
    ]);
    expect(lines[0].detail).toBe('no worker within 20 ms (schedule-timeout)');
  });

  it('keeps the provenance of a replayed event', () => {
    const h = history();
    const provenance = {
      kind: 'replay' as const,
      tenant: 'src',
      namespace: 'default',
      eventId: 'orig',
      seq: 42,
      replayId: 'rp',
    };
    h.record('event.pushed', 0, { eventId: 'ev1', key: 'k', payload: null, metadata: {}, runs: [], provenance });
    expect(linesOf(h.events)[0].provenance).toEqual(provenance);
  });

  it('memory holds open work only: many finished runs leave nothing but the workers', () => {
    const memory = new MapAuditMemory();
    const h = history();
    startedRun(h);
    linesOf(h.events, memory);
    let seq = h.events.length;
    for (let i = 0; i < 50; i += 1) {
      const runId = `run-${i}`;
      const base = {
        tenant: 'acme',
        namespace: 'default',
        schemaVersion: 1,
        actor: 'system',
        correlationId: 'c',
        causationId: null,
        subject: 's',
      };
      const at = new Date(T0).toISOString();
      const events = [
        {
          type: 'event.pushed',
          aggregate: { type: 'event', id: `ev-${i}` },
          payload: {
            eventId: `ev-${i}`,
            key: 'k',
            payload: null,
            metadata: {},
            runs: [{ runId, workflow: 'w', workflowVersion: 1 }],
          },
        },
        {
          type: 'run.started',
          aggregate: { type: 'run', id: runId },
          payload: {
            runId,
            workflow: 'w',
            workflowVersion: 1,
            eventId: `ev-${i}`,
            eventKey: 'k',
            input: null,
            steps: [{ stepRunId: `${runId}-s`, step: 'a', action: 'job:do' }],
          },
        },
        {
          type: 'step.assigned',
          aggregate: { type: 'run', id: runId },
          payload: { ...assigned(1, 'w1'), runId, stepRunId: `${runId}-s` },
        },
        {
          type: 'step.completed',
          aggregate: { type: 'run', id: runId },
          payload: { runId, stepRunId: `${runId}-s`, attempt: 1, workerId: 'w1', output: null },
        },
        { type: 'run.completed', aggregate: { type: 'run', id: runId }, payload: { runId, output: null } },
      ];
      for (const e of events) {
        seq += 1;
        auditLinesOf({ ...base, ...e, id: `x${seq}`, seq, occurredAt: at } as unknown as AnyStoredEvent, memory);
      }
    }
    // The first run (r1) is still open: it and its step are remembered; nothing of the 50 finished ones.
    expect([...memory.entries.keys()].sort()).toEqual(['run/acme/r1', 'worker/acme/w1', 'worker/acme/w2']);
  });
});
