import { AnyStoredEvent, StoredEvent } from '@wharf/events';
import { AuditLine } from './audit-line';
import { AttemptMemo, AuditMemory, EventMemo, memoryKey, RunMemo, WorkerMemo } from './audit-memory';

function between(from: string | null | undefined, to: string): number | undefined {
  if (from === null || from === undefined) return undefined;
  return Math.max(0, Date.parse(to) - Date.parse(from));
}

/** Drops undefined fields, so a line serialises the same whichever way it was produced. */
function compact(line: AuditLine): AuditLine {
  for (const key of Object.keys(line) as (keyof AuditLine)[]) if (line[key] === undefined) delete line[key];
  return line;
}

type RunEvent = Extract<AnyStoredEvent, { payload: { runId: string } }>;

/** The fields every line about a run carries; an orphan (its run already forgotten) is its own group. */
function runBase(event: RunEvent, run: RunMemo | undefined): AuditLine {
  const { seq, occurredAt: at, namespace } = event;
  const runId = event.payload.runId;
  if (run === undefined) {
    return { seq, eventSeq: seq, kind: 'run', at, namespace, eventId: null, eventKey: null, runId };
  }
  return {
    seq,
    eventSeq: run.eventSeq,
    kind: 'run',
    at,
    namespace,
    eventId: run.eventId,
    eventKey: run.eventKey,
    runId,
    workflow: run.workflow,
    workflowVersion: run.workflowVersion,
  };
}

function forgetRun(memory: AuditMemory, tenant: string, runId: string, run: RunMemo | undefined): void {
  for (const [stepRunId] of run?.steps ?? []) memory.delete(memoryKey.attempt(tenant, stepRunId));
  memory.delete(memoryKey.run(tenant, runId));
}

/** The step run's current attempt, when the memory has it for this attempt number. */
function attemptOf(memory: AuditMemory, tenant: string, stepRunId: string, attempt: number): AttemptMemo | undefined {
  const memo = memory.get<AttemptMemo>(memoryKey.attempt(tenant, stepRunId));
  return memo !== undefined && memo.attempt === attempt ? memo : undefined;
}

/** The attempt ends: it no longer occupies its worker. */
function closeAttempt(memory: AuditMemory, tenant: string, stepRunId: string, memo: AttemptMemo | undefined): void {
  if (memo === undefined) return;
  memory.set(memoryKey.attempt(tenant, stepRunId), { ...memo, open: false, queuedAt: null });
}

/** A `reassigned` line when the step is taken from a worker that still held its attempt (the worker was lost). */
function reassignedLine(base: AuditLine, memo: AttemptMemo | undefined, at: string): AuditLine[] {
  if (memo === undefined || !memo.open || memo.workerId === null) return [];
  return [
    compact({
      ...base,
      kind: 'reassigned',
      attempt: memo.attempt,
      workerId: memo.workerId,
      workerName: memo.workerName ?? undefined,
      durationMs: between(memo.assignedAt, at),
      detail: `attempt ${memo.attempt} taken from worker ${memo.workerName ?? memo.workerId}: worker lost`,
    }),
  ];
}

function stepLines(event: RunEvent, memory: AuditMemory): AuditLine[] {
  const t = event.tenant;
  const run = memory.get<RunMemo>(memoryKey.run(t, event.payload.runId));
  const base = runBase(event, run);
  const at = event.occurredAt;
  const stepOf = (stepRunId: string | undefined) => run?.steps.find(([id]) => id === stepRunId)?.[1];
  switch (event.type) {
    case 'step.queued': {
      const p = event.payload;
      const key = memoryKey.attempt(t, p.stepRunId);
      const memo = memory.get<AttemptMemo>(key);
      const lines = reassignedLine({ ...base, step: p.step, stepRunId: p.stepRunId }, memo, at);
      memory.set(key, {
        attempt: memo?.attempt ?? 0,
        workerId: null,
        workerName: null,
        assignedAt: null,
        open: false,
        queuedAt: at,
      } satisfies AttemptMemo);
      lines.push(
        compact({ ...base, kind: 'queued', step: p.step, stepRunId: p.stepRunId, detail: 'no available worker' }),
      );
      return lines;
    }
    case 'step.assigned': {
      const p = event.payload;
      const key = memoryKey.attempt(t, p.stepRunId);
      const memo = memory.get<AttemptMemo>(key);
      const worker = memory.get<WorkerMemo>(memoryKey.worker(t, p.workerId));
      const lines = reassignedLine({ ...base, step: p.step, stepRunId: p.stepRunId }, memo, at);
      const reason =
        p.reason === undefined
          ? undefined
          : `score ${p.reason.score}` +
            (Object.keys(p.reason.requiredLabels).length > 0
              ? `, required ${Object.entries(p.reason.requiredLabels)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(',')}`
              : '') +
            (p.reason.sticky === null ? '' : `, sticky ${p.reason.sticky}`);
      lines.push(
        compact({
          ...base,
          kind: 'assignment',
          step: p.step,
          stepRunId: p.stepRunId,
          attempt: p.attempt,
          workerId: p.workerId,
          workerName: p.workerName,
          workerLabels: worker?.labels,
          strategy: p.strategy,
          candidates: p.candidates.length,
          durationMs: memo?.open === false ? between(memo.queuedAt, at) : undefined,
          detail: reason,
        }),
      );
      memory.set(key, {
        attempt: p.attempt,
        workerId: p.workerId,
        workerName: p.workerName,
        assignedAt: at,
        open: true,
        queuedAt: null,
      } satisfies AttemptMemo);
      return lines;
    }
    case 'step.started': {
      const p = event.payload;
      const memo = attemptOf(memory, t, p.stepRunId, p.attempt);
      return [
        compact({
          ...base,
          kind: 'started',
          step: stepOf(p.stepRunId),
          stepRunId: p.stepRunId,
          attempt: p.attempt,
          workerId: p.workerId,
          workerName: memo?.workerName ?? undefined,
          durationMs: between(memo?.assignedAt, at),
        }),
      ];
    }
    case 'step.completed':
    case 'step.released': {
      const p = event.payload;
      const memo = attemptOf(memory, t, p.stepRunId, p.attempt);
      closeAttempt(memory, t, p.stepRunId, memo);
      return [
        compact({
          ...base,
          kind: event.type === 'step.completed' ? 'completed' : 'released',
          step: stepOf(p.stepRunId),
          stepRunId: p.stepRunId,
          attempt: p.attempt,
          workerId: p.workerId,
          workerName: memo?.workerName ?? undefined,
          durationMs: between(memo?.assignedAt, at),
          detail: event.type === 'step.released' ? 'handed back by its worker' : undefined,
        }),
      ];
    }
    case 'step.failed': {
      const p = event.payload;
      const memo = attemptOf(memory, t, p.stepRunId, p.attempt);
      closeAttempt(memory, t, p.stepRunId, memo);
      const why = p.reason === undefined ? '' : ` (${p.reason})`;
      const final = p.retryable === false ? ' [non-retryable]' : '';
      return [
        compact({
          ...base,
          kind: 'failed',
          step: stepOf(p.stepRunId),
          stepRunId: p.stepRunId,
          attempt: p.attempt,
          workerId: p.workerId ?? undefined,
          workerName: p.workerId === null ? undefined : (memo?.workerName ?? undefined),
          durationMs: p.workerId === null ? undefined : between(memo?.assignedAt, at),
          detail: `${p.error}${why}${final}`,
        }),
      ];
    }
    case 'step.timed-out': {
      const p = event.payload;
      const memo = attemptOf(memory, t, p.stepRunId, p.attempt);
      if (p.phase === 'execution') closeAttempt(memory, t, p.stepRunId, memo);
      return [
        compact({
          ...base,
          kind: 'timed-out',
          step: stepOf(p.stepRunId),
          stepRunId: p.stepRunId,
          attempt: p.attempt,
          workerId: p.workerId ?? undefined,
          workerName: p.workerId === null ? undefined : (memo?.workerName ?? undefined),
          durationMs: p.afterMs,
          detail: `${p.phase} timeout after ${p.afterMs} ms`,
        }),
      ];
    }
    case 'step.retry-scheduled': {
      const p = event.payload;
      return [
        compact({
          ...base,
          kind: 'retry',
          step: stepOf(p.stepRunId),
          stepRunId: p.stepRunId,
          attempt: p.attempt,
          durationMs: p.delayMs,
          detail: `attempt ${p.attempt + 1} at ${p.retryAt} (${p.reason})`,
        }),
      ];
    }
    case 'step.report-refused': {
      const p = event.payload;
      return [
        compact({
          ...base,
          kind: 'refusal',
          step: stepOf(p.stepRunId),
          stepRunId: p.stepRunId,
          attempt: p.attempt,
          workerId: p.workerId,
          detail: `report "${p.outcome}" of attempt ${p.attempt} refused (current attempt ${p.currentAttempt}): ${p.reason}`,
        }),
      ];
    }
    case 'run.completed':
    case 'run.failed':
    case 'run.cancelled': {
      forgetRun(memory, t, event.payload.runId, run);
      const durationMs = between(run?.startedAt, at);
      if (event.type === 'run.completed') {
        return [compact({ ...base, kind: 'run-completed', outcome: 'completed', durationMs })];
      }
      if (event.type === 'run.failed') {
        const p = event.payload;
        return [
          compact({
            ...base,
            kind: 'run-failed',
            outcome: 'failed',
            step: stepOf(p.stepRunId),
            stepRunId: p.stepRunId,
            durationMs,
            detail: p.error,
          }),
        ];
      }
      const p = event.payload;
      return [
        compact({
          ...base,
          kind: 'run-cancelled',
          outcome: 'cancelled',
          step: stepOf(p.stepRunId),
          stepRunId: p.stepRunId,
          attempt: p.attempt,
          workerId: p.workerId,
          durationMs,
          detail: p.reason,
          actor: event.actor,
        }),
      ];
    }
    default:
      return [];
  }
}

function pushedLine(event: StoredEvent<'event.pushed'>, memory: AuditMemory): AuditLine[] {
  const p = event.payload;
  if (p.runs.length > 0) {
    memory.set(memoryKey.event(event.tenant, p.eventId), {
      seq: event.seq,
      key: p.key,
      pendingRuns: p.runs.length,
    } satisfies EventMemo);
  }
  const workflows = p.runs.map((r) => r.workflow).join(', ');
  return [
    compact({
      seq: event.seq,
      eventSeq: event.seq,
      kind: 'event',
      at: event.occurredAt,
      namespace: event.namespace,
      eventId: p.eventId,
      eventKey: p.key,
      outcome: p.runs.length === 0 ? 'unmatched' : undefined,
      detail:
        p.runs.length === 0
          ? 'no workflow matched'
          : `matched ${p.runs.length} workflow${p.runs.length === 1 ? '' : 's'}: ${workflows}`,
      actor: event.actor,
      provenance: p.provenance,
    }),
  ];
}

function runStartedLine(event: StoredEvent<'run.started'>, memory: AuditMemory): AuditLine[] {
  const p = event.payload;
  const t = event.tenant;
  const eventKey = memoryKey.event(t, p.eventId);
  const pushed = memory.get<EventMemo>(eventKey);
  if (pushed !== undefined) {
    if (pushed.pendingRuns <= 1) memory.delete(eventKey);
    else memory.set(eventKey, { ...pushed, pendingRuns: pushed.pendingRuns - 1 });
  }
  const run: RunMemo = {
    // A run whose event is unknown (it never is, but a stream may be cut) is its own group.
    eventSeq: pushed?.seq ?? event.seq,
    eventId: p.eventId,
    eventKey: p.eventKey,
    workflow: p.workflow,
    workflowVersion: p.workflowVersion,
    startedAt: event.occurredAt,
    steps: p.steps.map((s) => [s.stepRunId, s.step]),
  };
  memory.set(memoryKey.run(t, p.runId), run);
  return [
    compact({
      seq: event.seq,
      eventSeq: run.eventSeq,
      kind: 'run',
      at: event.occurredAt,
      namespace: event.namespace,
      eventId: p.eventId,
      eventKey: p.eventKey,
      runId: p.runId,
      workflow: p.workflow,
      workflowVersion: p.workflowVersion,
      detail: `${p.steps.length} step${p.steps.length === 1 ? '' : 's'}: ${p.steps.map((s) => s.step).join(', ')}`,
    }),
  ];
}

/**
 * The audit lines one stream event gives, in order, updating `memory` (the state carried from
 * earlier events). Pure apart from `memory`: the same events in the same order give the same
 * lines, whether read from the stream or applied by the read model. Events that are not about
 * dispatch (administrative acts, seals) give no line; worker registrations only teach the memory
 * a worker's name and labels.
 */
export function auditLinesOf(event: AnyStoredEvent, memory: AuditMemory): AuditLine[] {
  switch (event.type) {
    case 'worker.registered':
      memory.set(memoryKey.worker(event.tenant, event.payload.workerId), {
        name: event.payload.name,
        labels: event.payload.labels,
      } satisfies WorkerMemo);
      return [];
    case 'worker.deregistered':
      memory.delete(memoryKey.worker(event.tenant, event.payload.workerId));
      return [];
    case 'event.pushed':
      return pushedLine(event, memory);
    case 'run.started':
      return runStartedLine(event, memory);
    case 'step.queued':
    case 'step.assigned':
    case 'step.started':
    case 'step.completed':
    case 'step.failed':
    case 'step.timed-out':
    case 'step.retry-scheduled':
    case 'step.released':
    case 'step.report-refused':
    case 'run.completed':
    case 'run.failed':
    case 'run.cancelled':
      return stepLines(event, memory);
    default:
      return [];
  }
}
