import { EntityManager } from 'typeorm';
import { AnyStoredEvent } from '@wharf/events';
import { insertRows, Projection } from '@wharf/projections';
import { auditActOf } from './audit-act';
import { AuditActEntity } from './audit-act.entity';
import { AuditGroupEntity } from './audit-group.entity';
import { AuditLineEntity } from './audit-line.entity';
import { auditLinesOf } from './audit-lines-of';
import { AuditMemory, memoryKeysOf } from './audit-memory';
import { AuditMemoryEntity } from './audit-memory.entity';
import { AuditRunEntity } from './audit-run.entity';
import { AuditRunWorkerEntity } from './audit-run-worker.entity';

const FORGOTTEN = Symbol('forgotten');

/** The memory entries one event needs, loaded from SQLite; what the mapper changes is written back. */
class LoadedMemory implements AuditMemory {
  readonly changes = new Map<string, unknown>();

  constructor(private readonly loaded: Map<string, unknown>) {}

  get<T>(key: string): T | undefined {
    const value = this.changes.has(key) ? this.changes.get(key) : this.loaded.get(key);
    return value === FORGOTTEN ? undefined : (value as T | undefined);
  }

  set(key: string, value: unknown): void {
    this.changes.set(key, value);
  }

  delete(key: string): void {
    this.changes.set(key, FORGOTTEN);
  }
}

/**
 * The append-only rows of a batch, written together at its end with multi-row inserts: nothing in
 * the projection reads them back, and `INSERT OR IGNORE` keeps the first of equal keys as before.
 */
class PendingRows {
  readonly lines: unknown[][] = [];
  readonly groups: unknown[][] = [];
  readonly acts: unknown[][] = [];

  async write(em: EntityManager): Promise<void> {
    await insertRows(em, 'INSERT', 'audit_line', ['tenant', 'eventSeq', 'seq', 'idx', 'runId', 'line'], this.lines);
    await insertRows(
      em,
      'INSERT OR IGNORE',
      'audit_group',
      ['tenant', 'eventSeq', 'namespace', 'at', 'eventKey', 'unmatched'],
      this.groups,
    );
    await insertRows(
      em,
      'INSERT',
      'audit_act',
      ['tenant', 'seq', 'namespace', 'type', 'actor', 'at', 'act'],
      this.acts,
    );
  }
}

/**
 * The dispatch audit as a second projection of the dispatch read model: the lines `auditLinesOf`
 * gives for each event (the same mapper the stream-only report uses, so both reports are equal),
 * the facts the filters need, and the administrative acts. The mapper's memory of open work is kept
 * in `audit_memory`, in the same transaction as the lines, so a restart resumes exactly.
 */
export class AuditProjection implements Projection {
  readonly entities = [
    AuditLineEntity,
    AuditGroupEntity,
    AuditRunEntity,
    AuditRunWorkerEntity,
    AuditActEntity,
    AuditMemoryEntity,
  ];
  readonly aggregateTypes = [
    'event',
    'run',
    'worker',
    'workflow',
    'tenant',
    'token',
    'cron',
    'schedule',
    'replay',
  ] as const;

  async apply(event: AnyStoredEvent, em: EntityManager): Promise<void> {
    await this.applyBatch([event], em);
  }

  async applyBatch(events: readonly AnyStoredEvent[], em: EntityManager): Promise<void> {
    const pending = new PendingRows();
    for (const event of events) {
      await this.applyLines(event, em, pending);
      const act = auditActOf(event);
      if (act !== null) {
        pending.acts.push([event.tenant, act.seq, act.namespace, act.type, act.actor, act.at, JSON.stringify(act)]);
      }
    }
    await pending.write(em);
  }

  private async applyLines(event: AnyStoredEvent, em: EntityManager, pending: PendingRows): Promise<void> {
    const keys = memoryKeysOf(event);
    const loaded = new Map<string, unknown>();
    if (keys.length > 0) {
      const rows = (await em.query(
        `SELECT key, value FROM audit_memory WHERE key IN (${keys.map(() => '?').join(', ')})`,
        keys,
      )) as { key: string; value: string }[];
      for (const row of rows) loaded.set(row.key, JSON.parse(row.value));
    }
    const memory = new LoadedMemory(loaded);
    const lines = auditLinesOf(event, memory);
    for (const [key, value] of memory.changes) {
      if (value === FORGOTTEN) await em.query('DELETE FROM audit_memory WHERE key = ?', [key]);
      else
        await em.query('INSERT OR REPLACE INTO audit_memory (key, value) VALUES (?, ?)', [key, JSON.stringify(value)]);
    }
    const tenant = event.tenant;
    for (const [idx, line] of lines.entries()) {
      pending.lines.push([tenant, line.eventSeq, line.seq, idx, line.runId ?? null, JSON.stringify(line)]);
      // The group's facts come from its first line, as the stream-only report reads them.
      pending.groups.push([
        tenant,
        line.eventSeq,
        line.namespace,
        line.at,
        line.eventKey,
        line.kind === 'event' && line.outcome === 'unmatched' ? 1 : 0,
      ]);
      if (line.runId === undefined) continue;
      if (line.kind === 'run' && line.workflow !== undefined) {
        await em.query(
          "INSERT OR IGNORE INTO audit_run (tenant, eventSeq, runId, workflow, outcome) VALUES (?, ?, ?, ?, 'running')",
          [tenant, line.eventSeq, line.runId, line.workflow],
        );
      } else if (line.kind.startsWith('run-') && line.outcome !== undefined) {
        await em.query('UPDATE audit_run SET outcome = ? WHERE tenant = ? AND eventSeq = ? AND runId = ?', [
          line.outcome,
          tenant,
          line.eventSeq,
          line.runId,
        ]);
      } else if (line.kind === 'assignment') {
        for (const worker of new Set([line.workerId, line.workerName])) {
          if (worker === undefined) continue;
          await em.query(
            'INSERT OR IGNORE INTO audit_run_worker (tenant, eventSeq, runId, worker) VALUES (?, ?, ?, ?)',
            [tenant, line.eventSeq, line.runId, worker],
          );
        }
      }
    }
  }
}
