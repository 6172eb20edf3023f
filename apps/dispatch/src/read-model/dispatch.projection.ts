import { EntityManager } from 'typeorm';
import { AnyStoredEvent, StoredEvent } from '@wharf/events';
import { insertRows, Projection } from '@wharf/projections';
import { AssignmentEntity } from './assignment.entity';
import { EventEntity } from './event.entity';
import { RefusedReportEntity } from './refused-report.entity';
import { RunEntity } from './run.entity';
import { StepRunEntity } from './step-run.entity';

/** The format of TypeORM's `simple-json` columns, which the entities read back. */
function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}

const EVENT_COLUMNS = [
  'eventId',
  'tenant',
  'namespace',
  'key',
  'payload',
  'metadata',
  'runs',
  'pushedAt',
  'actor',
  'seq',
  'provenance',
] as const;

/** The `dispatch_event` row of a pushed event, in EVENT_COLUMNS order. */
function eventRow(event: StoredEvent<'event.pushed'>): unknown[] {
  const p = event.payload;
  return [
    p.eventId,
    event.tenant,
    event.namespace,
    p.key,
    json(p.payload),
    json(p.metadata),
    json(p.runs),
    event.occurredAt,
    event.actor,
    event.seq,
    p.provenance === undefined ? null : json(p.provenance),
  ];
}

/**
 * Events, runs, step runs and every assignment, as the dispatch service answers queries. Every
 * dispatch writes several rows here, so the statements are plain parameterised SQL rather than
 * TypeORM's query builder (several times cheaper per row); the entities define the tables.
 */
export class DispatchProjection implements Projection {
  readonly entities = [EventEntity, RunEntity, StepRunEntity, AssignmentEntity, RefusedReportEntity];
  readonly aggregateTypes = ['event', 'run'] as const;

  /**
   * Pushed events are the bulk (a replay is nothing else): runs of them become multi-row inserts,
   * written before any other event of the batch is applied, so the order of writes is kept.
   */
  async applyBatch(events: readonly AnyStoredEvent[], em: EntityManager): Promise<void> {
    let pushed: unknown[][] = [];
    for (const event of events) {
      if (event.type === 'event.pushed') {
        pushed.push(eventRow(event));
        continue;
      }
      if (pushed.length > 0) await insertRows(em, 'INSERT', 'dispatch_event', EVENT_COLUMNS, pushed);
      pushed = [];
      await this.apply(event, em);
    }
    if (pushed.length > 0) await insertRows(em, 'INSERT', 'dispatch_event', EVENT_COLUMNS, pushed);
  }

  async apply(event: AnyStoredEvent, em: EntityManager): Promise<void> {
    switch (event.type) {
      case 'event.pushed':
        await insertRows(em, 'INSERT', 'dispatch_event', EVENT_COLUMNS, [eventRow(event)]);
        return;
      case 'run.started': {
        const p = event.payload;
        await em.query(
          'INSERT INTO dispatch_run (runId, tenant, namespace, workflow, workflowVersion, eventId, eventKey, status, input, output, error, startedAt, finishedAt, cancelReason, cancelledBy, startedSeq, lastSeq) ' +
            "VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, NULL, ?, NULL, NULL, NULL, ?, ?)",
          [
            p.runId,
            event.tenant,
            event.namespace,
            p.workflow,
            p.workflowVersion,
            p.eventId,
            p.eventKey,
            json(p.input),
            json(null),
            event.occurredAt,
            event.seq,
            event.seq,
          ],
        );
        for (const [position, s] of p.steps.entries()) {
          await em.query(
            'INSERT INTO dispatch_step_run (stepRunId, runId, tenant, namespace, position, step, action, status, attempt, workerId, output, error, queuedAt, retryAt, timeouts, retries) ' +
              "VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, NULL, ?, NULL, NULL, NULL, ?, ?)",
            [s.stepRunId, p.runId, event.tenant, event.namespace, position, s.step, s.action, json(null), '[]', '[]'],
          );
        }
        return;
      }
      case 'step.queued':
        await em.query(
          "UPDATE dispatch_step_run SET status = 'queued', workerId = NULL, queuedAt = ?, retryAt = NULL WHERE stepRunId = ?",
          [event.occurredAt, event.payload.stepRunId],
        );
        await this.touchRun(em, event.payload.runId, event.seq);
        return;
      case 'step.assigned': {
        const p = event.payload;
        await em.query(
          "UPDATE dispatch_step_run SET status = 'assigned', attempt = ?, workerId = ?, retryAt = NULL WHERE stepRunId = ?",
          [p.attempt, p.workerId, p.stepRunId],
        );
        await em.query(
          'INSERT INTO dispatch_assignment (id, stepRunId, runId, tenant, namespace, attempt, workerId, workerName, strategy, candidates, draw, reason, outcome, assignedAt, startedAt, finishedAt, seq) ' +
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'assigned', ?, NULL, NULL, ?)",
          [
            `${p.stepRunId}:${p.attempt}`,
            p.stepRunId,
            p.runId,
            event.tenant,
            event.namespace,
            p.attempt,
            p.workerId,
            p.workerName,
            p.strategy,
            json(p.candidates),
            p.draw,
            p.reason === undefined ? null : json(p.reason),
            event.occurredAt,
            event.seq,
          ],
        );
        await this.touchRun(em, p.runId, event.seq);
        return;
      }
      case 'step.started': {
        const p = event.payload;
        await em.query("UPDATE dispatch_step_run SET status = 'started' WHERE stepRunId = ? AND attempt = ?", [
          p.stepRunId,
          p.attempt,
        ]);
        await this.finishAssignment(em, p.stepRunId, p.attempt, "outcome = 'started', startedAt = ?", [
          event.occurredAt,
        ]);
        await this.touchRun(em, p.runId, event.seq);
        return;
      }
      case 'step.completed': {
        const p = event.payload;
        await em.query("UPDATE dispatch_step_run SET status = 'completed', output = ? WHERE stepRunId = ?", [
          json(p.output),
          p.stepRunId,
        ]);
        await this.finishAssignment(em, p.stepRunId, p.attempt, "outcome = 'completed', finishedAt = ?", [
          event.occurredAt,
        ]);
        await this.touchRun(em, p.runId, event.seq);
        return;
      }
      case 'step.failed': {
        const p = event.payload;
        await em.query("UPDATE dispatch_step_run SET status = 'failed', error = ? WHERE stepRunId = ?", [
          p.error,
          p.stepRunId,
        ]);
        await this.finishAssignment(em, p.stepRunId, p.attempt, "outcome = 'failed', finishedAt = ?", [
          event.occurredAt,
        ]);
        await this.touchRun(em, p.runId, event.seq);
        return;
      }
      case 'step.released': {
        const p = event.payload;
        await em.query(
          "UPDATE dispatch_step_run SET status = 'pending', workerId = NULL WHERE stepRunId = ? AND attempt = ? AND status IN ('assigned', 'started')",
          [p.stepRunId, p.attempt],
        );
        await this.finishAssignment(em, p.stepRunId, p.attempt, "outcome = 'released', finishedAt = ?", [
          event.occurredAt,
        ]);
        await this.touchRun(em, p.runId, event.seq);
        return;
      }
      case 'step.report-refused': {
        const p = event.payload;
        // Never applied to the step: only kept for the audit. The run's lastSeq stays where the run is.
        await em.query(
          'INSERT OR IGNORE INTO dispatch_refused_report (id, stepRunId, runId, tenant, namespace, attempt, currentAttempt, workerId, outcome, reason, actor, refusedAt, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          [
            event.id,
            p.stepRunId,
            p.runId,
            event.tenant,
            event.namespace,
            p.attempt,
            p.currentAttempt,
            p.workerId ?? null,
            p.outcome,
            p.reason,
            event.actor,
            event.occurredAt,
            event.seq,
          ],
        );
        return;
      }
      case 'step.timed-out': {
        const p = event.payload;
        const row = {
          attempt: p.attempt,
          phase: p.phase,
          workerId: p.workerId,
          afterMs: p.afterMs,
          at: event.occurredAt,
        };
        await this.appendToStep(em, p.stepRunId, 'timeouts', row);
        if (p.phase === 'execution') {
          // Taken from its worker: a late report of the attempt is refused.
          await em.query('UPDATE dispatch_step_run SET workerId = NULL WHERE stepRunId = ? AND attempt = ?', [
            p.stepRunId,
            p.attempt,
          ]);
          await this.finishAssignment(em, p.stepRunId, p.attempt, "outcome = 'timed-out', finishedAt = ?", [
            event.occurredAt,
          ]);
        }
        await this.touchRun(em, p.runId, event.seq);
        return;
      }
      case 'step.retry-scheduled': {
        const p = event.payload;
        const row = {
          attempt: p.attempt,
          reason: p.reason,
          delayMs: p.delayMs,
          retryAt: p.retryAt,
          at: event.occurredAt,
        };
        await this.appendToStep(em, p.stepRunId, 'retries', row);
        await em.query(
          "UPDATE dispatch_step_run SET status = 'retrying', workerId = NULL, retryAt = ? WHERE stepRunId = ?",
          [p.retryAt, p.stepRunId],
        );
        await this.touchRun(em, p.runId, event.seq);
        return;
      }
      case 'run.cancelled': {
        const p = event.payload;
        await em.query(
          "UPDATE dispatch_run SET status = 'cancelled', cancelReason = ?, cancelledBy = ?, finishedAt = ?, lastSeq = ? WHERE runId = ?",
          [p.reason, event.actor, event.occurredAt, event.seq, p.runId],
        );
        await em.query(
          "UPDATE dispatch_step_run SET status = 'cancelled', workerId = NULL, retryAt = NULL WHERE runId = ? AND status IN ('queued', 'assigned', 'started', 'retrying')",
          [p.runId],
        );
        if (p.stepRunId !== undefined && p.attempt !== undefined) {
          await this.finishAssignment(em, p.stepRunId, p.attempt, "outcome = 'cancelled', finishedAt = ?", [
            event.occurredAt,
          ]);
        }
        return;
      }
      case 'run.completed':
        await em.query(
          "UPDATE dispatch_run SET status = 'completed', output = ?, finishedAt = ?, lastSeq = ? WHERE runId = ?",
          [json(event.payload.output), event.occurredAt, event.seq, event.payload.runId],
        );
        return;
      case 'run.failed':
        await em.query(
          "UPDATE dispatch_run SET status = 'failed', error = ?, finishedAt = ?, lastSeq = ? WHERE runId = ?",
          [event.payload.error, event.occurredAt, event.seq, event.payload.runId],
        );
        return;
      default:
        return;
    }
  }

  private async finishAssignment(
    em: EntityManager,
    stepRunId: string,
    attempt: number,
    set: string,
    values: unknown[],
  ): Promise<void> {
    await em.query(`UPDATE dispatch_assignment SET ${set} WHERE id = ?`, [...values, `${stepRunId}:${attempt}`]);
  }

  /** Appends a row to one of a step run's JSON lists (the rows of events recorded before the list existed start it). */
  private async appendToStep(
    em: EntityManager,
    stepRunId: string,
    column: 'timeouts' | 'retries',
    row: unknown,
  ): Promise<void> {
    const found = (await em.query(`SELECT ${column} AS list FROM dispatch_step_run WHERE stepRunId = ?`, [
      stepRunId,
    ])) as {
      list: string | null;
    }[];
    if (found.length === 0) return;
    const list = found[0].list ? (JSON.parse(found[0].list) as unknown[]) : [];
    list.push(row);
    await em.query(`UPDATE dispatch_step_run SET ${column} = ? WHERE stepRunId = ?`, [JSON.stringify(list), stepRunId]);
  }

  private async touchRun(em: EntityManager, runId: string, seq: number): Promise<void> {
    await em.query('UPDATE dispatch_run SET lastSeq = ? WHERE runId = ?', [seq, runId]);
  }
}
