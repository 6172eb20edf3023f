import { EventEnvelope } from '@wharf/events';
import { DispatchState, scopeKey, StepRunState, versionKey } from './dispatch-state';

/** The step no longer occupies its worker's slot; a deregistered worker is forgotten when idle. */
function releaseWorker(state: DispatchState, step: StepRunState): void {
  if (!step.workerId) return;
  const worker = state.workers.get(step.workerId);
  if (!worker) return;
  worker.active.delete(step.stepRunId);
  if (worker.deregistered && worker.active.size === 0) state.workers.delete(worker.workerId);
}

function dropRun(state: DispatchState, runId: string): void {
  const run = state.runs.get(runId);
  if (!run) return;
  for (const step of run.steps) {
    if (step.status === 'queued') removeFromQueue(state, step, run.tenant, run.namespace);
    releaseWorker(state, step);
    state.stepRuns.delete(step.stepRunId);
  }
  state.runs.delete(runId);
}

/** A step taken from a worker that still held it unfinished: the worker was lost (a hand-back nulls the holder first). */
function countReassignment(step: StepRunState): void {
  if ((step.status === 'assigned' || step.status === 'started') && step.workerId !== null) {
    step.reassignments = (step.reassignments ?? 0) + 1;
  }
}

function removeFromQueue(state: DispatchState, step: StepRunState, tenant: string, namespace: string): void {
  const key = scopeKey(tenant, namespace, step.action);
  const queue = state.queues.get(key);
  if (!queue) return;
  const at = queue.indexOf(step.stepRunId);
  if (at >= 0) queue.splice(at, 1);
  if (queue.length === 0) state.queues.delete(key);
}

/** Folds one event into the dispatch state (in place) and returns it. */
export function evolveDispatchState(state: DispatchState, event: EventEnvelope): DispatchState {
  switch (event.type) {
    case 'worker.registered': {
      const p = event.payload as EventEnvelope<'worker.registered'>['payload'];
      state.workers.set(p.workerId, {
        workerId: p.workerId,
        tenant: event.tenant,
        namespace: event.namespace,
        name: p.name,
        actions: new Set(p.actions),
        maxRuns: p.maxRuns,
        labels: p.labels,
        available: true,
        deregistered: false,
        active: new Set(),
      });
      break;
    }
    case 'worker.became-available':
    case 'worker.became-unavailable': {
      const p = event.payload as { workerId: string };
      const worker = state.workers.get(p.workerId);
      if (worker) worker.available = event.type === 'worker.became-available';
      break;
    }
    case 'worker.deregistered': {
      const p = event.payload as EventEnvelope<'worker.deregistered'>['payload'];
      const worker = state.workers.get(p.workerId);
      if (worker) {
        worker.available = false;
        worker.deregistered = true;
        if (worker.active.size === 0) state.workers.delete(p.workerId);
      }
      break;
    }
    case 'workflow.put': {
      const p = event.payload as EventEnvelope<'workflow.put'>['payload'];
      const id = scopeKey(event.tenant, event.namespace, p.name);
      for (const key of state.workflows.get(id)?.eventKeys ?? []) {
        state.triggers.get(scopeKey(event.tenant, event.namespace, key))?.delete(id);
      }
      for (const key of p.eventKeys) {
        const triggerKey = scopeKey(event.tenant, event.namespace, key);
        const workflows = state.triggers.get(triggerKey) ?? new Set<string>();
        workflows.add(id);
        state.triggers.set(triggerKey, workflows);
      }
      const workflow = {
        tenant: event.tenant,
        namespace: event.namespace,
        name: p.name,
        version: p.version,
        eventKeys: p.eventKeys,
        steps: p.steps,
        strategy: p.strategy,
      };
      state.workflows.set(id, workflow);
      state.workflowVersions.set(versionKey(event.tenant, event.namespace, p.name, p.version), workflow);
      break;
    }
    case 'event.pushed': {
      const p = event.payload as EventEnvelope<'event.pushed'>['payload'];
      if (p.runs.length > 0) {
        state.pendingRoutes.set(p.eventId, {
          eventId: p.eventId,
          tenant: event.tenant,
          namespace: event.namespace,
          key: p.key,
          payload: p.payload,
          runs: p.runs,
        });
      }
      break;
    }
    case 'run.started': {
      const p = event.payload as EventEnvelope<'run.started'>['payload'];
      const pending = state.pendingRoutes.get(p.eventId);
      if (pending) {
        pending.runs = pending.runs.filter((r) => r.runId !== p.runId);
        if (pending.runs.length === 0) state.pendingRoutes.delete(p.eventId);
      }
      const steps: StepRunState[] = p.steps.map((s, index) => ({
        ...s,
        runId: p.runId,
        index,
        status: 'pending',
        attempt: 0,
        workerId: null,
        output: undefined,
      }));
      state.runs.set(p.runId, {
        runId: p.runId,
        tenant: event.tenant,
        namespace: event.namespace,
        workflow: p.workflow,
        eventId: p.eventId,
        input: p.input,
        steps,
      });
      for (const step of steps) state.stepRuns.set(step.stepRunId, step);
      break;
    }
    case 'step.queued': {
      const p = event.payload as EventEnvelope<'step.queued'>['payload'];
      const step = state.stepRuns.get(p.stepRunId);
      if (step && step.status !== 'queued' && step.status !== 'completed' && step.status !== 'failed') {
        // A step taken back from a lost worker waits like a new one.
        countReassignment(step);
        releaseWorker(state, step);
        step.workerId = null;
        step.status = 'queued';
        step.queuedAt = event.occurredAt;
        step.retryAt = undefined;
        const key = scopeKey(event.tenant, event.namespace, step.action);
        const queue = state.queues.get(key) ?? [];
        queue.push(step.stepRunId);
        state.queues.set(key, queue);
      }
      break;
    }
    case 'step.assigned': {
      const p = event.payload as EventEnvelope<'step.assigned'>['payload'];
      const step = state.stepRuns.get(p.stepRunId);
      if (!step) break;
      if (step.status === 'queued') removeFromQueue(state, step, event.tenant, event.namespace);
      // A reassignment moves the step off the lost worker's slot.
      if (step.workerId !== p.workerId) countReassignment(step);
      if (step.workerId !== null && step.workerId !== p.workerId) releaseWorker(state, step);
      step.status = 'assigned';
      step.assignedAt = event.occurredAt;
      step.retryAt = undefined;
      step.attempt = p.attempt;
      step.attemptWorkers ??= new Map();
      step.attemptWorkers.set(p.attempt, p.workerId);
      step.workerId = p.workerId;
      state.workers.get(p.workerId)?.active.add(step.stepRunId);
      if (p.strategy === 'round-robin' && !p.reason?.sticky) {
        state.roundRobin.set(scopeKey(event.tenant, event.namespace, step.action), p.workerId);
      }
      break;
    }
    case 'step.started': {
      const step = state.stepRuns.get((event.payload as { stepRunId: string }).stepRunId);
      if (step) step.status = 'started';
      break;
    }
    case 'step.completed': {
      const p = event.payload as EventEnvelope<'step.completed'>['payload'];
      const step = state.stepRuns.get(p.stepRunId);
      if (!step) break;
      step.status = 'completed';
      step.output = p.output;
      releaseWorker(state, step);
      break;
    }
    case 'step.failed': {
      const p = event.payload as EventEnvelope<'step.failed'>['payload'];
      const step = state.stepRuns.get(p.stepRunId);
      if (!step) break;
      if (step.status === 'queued') removeFromQueue(state, step, event.tenant, event.namespace);
      step.status = 'failed';
      step.failureRetryable = p.retryable !== false && p.reason === undefined;
      releaseWorker(state, step);
      break;
    }
    case 'step.timed-out': {
      const p = event.payload as EventEnvelope<'step.timed-out'>['payload'];
      const step = state.stepRuns.get(p.stepRunId);
      if (!step || p.phase !== 'execution' || step.attempt !== p.attempt) break;
      if (step.status !== 'assigned' && step.status !== 'started') break;
      // The attempt is taken from its worker: the slot frees, a late report of it is refused.
      releaseWorker(state, step);
      step.workerId = null;
      break;
    }
    case 'step.retry-scheduled': {
      const p = event.payload as EventEnvelope<'step.retry-scheduled'>['payload'];
      const step = state.stepRuns.get(p.stepRunId);
      if (!step || step.status === 'completed') break;
      releaseWorker(state, step);
      step.workerId = null;
      step.status = 'retrying';
      step.retryAt = p.retryAt;
      step.retries = (step.retries ?? 0) + 1;
      break;
    }
    case 'step.released': {
      const p = event.payload as EventEnvelope<'step.released'>['payload'];
      const step = state.stepRuns.get(p.stepRunId);
      const worker = state.workers.get(p.workerId);
      if (worker) worker.draining = true;
      if (!step || step.attempt !== p.attempt || (step.status !== 'assigned' && step.status !== 'started')) break;
      // Handed back, not lost: it waits for a worker like a new step and counts no reassignment.
      releaseWorker(state, step);
      step.workerId = null;
      step.status = 'pending';
      break;
    }
    case 'step.report-refused': {
      const p = event.payload as EventEnvelope<'step.report-refused'>['payload'];
      const step = state.stepRuns.get(p.stepRunId);
      if (!step) break;
      step.refusedReports ??= new Set();
      step.refusedReports.add(`${p.attempt}:${p.outcome}`);
      break;
    }
    case 'run.completed':
    case 'run.failed':
    case 'run.cancelled':
      dropRun(state, (event.payload as { runId: string }).runId);
      break;
    default:
      break;
  }
  return state;
}
