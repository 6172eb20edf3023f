import { AnyStoredEvent } from '@wharf/events';

/**
 * An administrative act — on the tenant, its tokens, workflows, workers, crons, schedules, runs
 * cancelled, replays — with its actor (a token id, or `system`) and the stream sequence it was
 * read from. `data` holds the act's facts; never a secret (a token's hash is left out too).
 */
export interface AuditAct {
  seq: number;
  at: string;
  type: string;
  namespace: string;
  actor: string;
  /** The aggregate acted on: tenant slug, token id, workflow name, worker id, ... */
  subject: string;
  detail: string;
  data: Record<string, unknown>;
}

/** What each act type keeps of its payload, and how it reads in a sentence. */
function describe(event: AnyStoredEvent): { detail: string; data: Record<string, unknown> } | null {
  switch (event.type) {
    case 'tenant.created': {
      const p = event.payload;
      return {
        detail: `tenant "${p.name}" created (${p.purpose})`,
        data: { slug: p.slug, name: p.name, purpose: p.purpose },
      };
    }
    case 'tenant.renamed':
      return {
        detail: `tenant renamed from "${event.payload.previousName}" to "${event.payload.name}"`,
        data: { previousName: event.payload.previousName, name: event.payload.name },
      };
    case 'tenant.described':
      return { detail: 'tenant description changed', data: { description: event.payload.description } };
    case 'tenant.archived':
      return { detail: 'tenant archived', data: {} };
    case 'token.created': {
      const p = event.payload;
      const data = {
        tokenId: p.tokenId,
        name: p.name,
        role: p.role ?? 'admin',
        namespace: p.namespace ?? null,
        expiresAt: p.expiresAt ?? null,
      };
      const scope = data.namespace === null ? 'every namespace' : `namespace ${data.namespace}`;
      return { detail: `token "${p.name}" (${data.role}, ${scope}) created`, data };
    }
    case 'token.revoked':
      return { detail: `token ${event.payload.tokenId} revoked`, data: { tokenId: event.payload.tokenId } };
    case 'operator-token.rotated':
      return {
        detail: `operator token rotated: ${event.payload.previousTokenId} replaced by ${event.payload.tokenId}`,
        data: { tokenId: event.payload.tokenId, previousTokenId: event.payload.previousTokenId },
      };
    case 'workflow.put': {
      const p = event.payload;
      return {
        detail: `workflow ${p.name} version ${p.version} put (keys ${p.eventKeys.join(', ')}; ${p.steps.length} steps)`,
        data: { name: p.name, version: p.version, eventKeys: p.eventKeys, steps: p.steps.map((s) => s.name) },
      };
    }
    case 'worker.registered': {
      const p = event.payload;
      return {
        detail: `worker ${p.name} registered (${p.actions.join(', ')})`,
        data: { workerId: p.workerId, name: p.name, actions: p.actions, maxRuns: p.maxRuns, labels: p.labels },
      };
    }
    case 'worker.became-unavailable':
      return {
        detail: `worker ${event.payload.workerId} lost (${event.payload.reason})`,
        data: {
          workerId: event.payload.workerId,
          reason: event.payload.reason,
          lastHeartbeatAt: event.payload.lastHeartbeatAt,
        },
      };
    case 'worker.became-available':
      return { detail: `worker ${event.payload.workerId} available again`, data: { workerId: event.payload.workerId } };
    case 'worker.deregistered':
      return { detail: `worker ${event.payload.workerId} deregistered`, data: { workerId: event.payload.workerId } };
    case 'cron.created': {
      const p = event.payload;
      return {
        detail: `cron ${p.name} created ("${p.expression}" ${p.timezone} -> ${p.eventKey})`,
        data: { cronId: p.cronId, name: p.name, expression: p.expression, timezone: p.timezone, eventKey: p.eventKey },
      };
    }
    case 'cron.deleted':
      return {
        detail: `cron ${event.payload.name} deleted`,
        data: { cronId: event.payload.cronId, name: event.payload.name },
      };
    case 'schedule.created':
      return {
        detail: `run of ${event.payload.workflow} scheduled at ${event.payload.at}`,
        data: { scheduleId: event.payload.scheduleId, workflow: event.payload.workflow, at: event.payload.at },
      };
    case 'schedule.cancelled':
      return {
        detail: `scheduled run ${event.payload.scheduleId} cancelled`,
        data: { scheduleId: event.payload.scheduleId },
      };
    case 'run.cancelled':
      return {
        detail: `run ${event.payload.runId} cancelled: ${event.payload.reason}`,
        data: { runId: event.payload.runId, reason: event.payload.reason },
      };
    case 'replay.started': {
      const p = event.payload;
      return {
        detail: `replay ${p.replayId} from ${p.from} to ${p.to} started (through sequence ${p.untilSeq})`,
        data: {
          replayId: p.replayId,
          from: p.from,
          to: p.to,
          selection: p.selection,
          createdTarget: p.createdTarget,
          untilSeq: p.untilSeq,
        },
      };
    }
    case 'replay.completed': {
      const p = event.payload;
      return {
        detail: `replay ${p.replayId} completed: ${p.replayed} replayed, ${p.skipped} skipped, ${p.workflows} workflows`,
        data: {
          replayId: p.replayId,
          throughSeq: p.throughSeq,
          replayed: p.replayed,
          skipped: p.skipped,
          workflows: p.workflows,
          durationMs: p.durationMs,
        },
      };
    }
    case 'replay.failed':
      return {
        detail: `replay ${event.payload.replayId} failed: ${event.payload.reason}`,
        data: { replayId: event.payload.replayId, throughSeq: event.payload.throughSeq, reason: event.payload.reason },
      };
    default:
      return null;
  }
}

/** The administrative act an event records, or null for dispatch events, ticks, seals and progress. */
export function auditActOf(event: AnyStoredEvent): AuditAct | null {
  const described = describe(event);
  if (described === null) return null;
  return {
    seq: event.seq,
    at: event.occurredAt,
    type: event.type,
    namespace: event.namespace,
    actor: event.actor,
    subject: event.aggregate.id,
    ...described,
  };
}
