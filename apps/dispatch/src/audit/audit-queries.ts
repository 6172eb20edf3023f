import { DataSource } from 'typeorm';
import { AuditCursor } from './audit-cursor';
import { AuditFilters, filtersRuns } from './audit-filters';

export interface StoredLine {
  eventSeq: number;
  seq: number;
  idx: number;
  line: string;
}

export interface ActFilters {
  since?: string;
  until?: string;
  namespace?: string;
  type?: string;
  actor?: string;
}

interface Sql {
  where: string[];
  params: unknown[];
}

/** Adds a condition and its parameters. */
function add(sql: Sql, condition: string, ...params: unknown[]): void {
  sql.where.push(condition);
  sql.params.push(...params);
}

/** The event-level filters on `audit_group g` (the same rules as `eventSelected`). */
function groupConditions(tenant: string, filters: AuditFilters): Sql {
  const sql: Sql = { where: ['g.tenant = ?'], params: [tenant] };
  if (filters.namespace !== undefined) add(sql, 'g.namespace = ?', filters.namespace);
  if (filters.since !== undefined) add(sql, 'g.at >= ?', filters.since);
  if (filters.until !== undefined) add(sql, 'g.at < ?', filters.until);
  // Key patterns hold only key characters and `*`, which GLOB reads as the same wildcard.
  if (filters.key !== undefined) add(sql, 'g.eventKey GLOB ?', filters.key);
  if (filters.outcome === 'unmatched') {
    add(sql, filters.workflow === undefined && filters.worker === undefined ? 'g.unmatched = 1' : '0');
  }
  return sql;
}

/** The run-level filters on `audit_run r` (the same rules as `runSelected`). */
function runConditions(filters: AuditFilters): Sql {
  const sql: Sql = { where: [], params: [] };
  if (filters.workflow !== undefined) add(sql, 'r.workflow = ?', filters.workflow);
  if (filters.outcome !== undefined && filters.outcome !== 'unmatched') {
    add(sql, 'r.outcome = ?', filters.outcome);
  }
  if (filters.worker !== undefined) {
    add(
      sql,
      'EXISTS (SELECT 1 FROM audit_run_worker w WHERE w.tenant = r.tenant AND w.eventSeq = r.eventSeq AND w.runId = r.runId AND w.worker = ?)',
      filters.worker,
    );
  }
  return sql;
}

function runExists(alias: 'l' | 'g', filters: AuditFilters, sameRun: boolean): Sql {
  const runs = runConditions(filters);
  const where = [
    `r.tenant = ${alias}.tenant`,
    `r.eventSeq = ${alias}.eventSeq`,
    ...(sameRun ? ['r.runId = l.runId'] : []),
    ...runs.where,
  ];
  return { where: [`EXISTS (SELECT 1 FROM audit_run r WHERE ${where.join(' AND ')})`], params: runs.params };
}

/**
 * The audit read model's queries: pages of lines in report order (keyset on eventSeq, seq, idx,
 * so a whole tenant streams page by page in constant memory), the count of selected events, and
 * pages of acts.
 */
export class AuditQueries {
  constructor(private readonly dataSource: DataSource) {}

  async countEvents(tenant: string, filters: AuditFilters): Promise<number> {
    const group = groupConditions(tenant, filters);
    const runs = filtersRuns(filters) ? runExists('g', filters, false) : { where: [], params: [] };
    const rows = (await this.dataSource.query(
      `SELECT COUNT(*) AS n FROM audit_group g WHERE ${[...group.where, ...runs.where].join(' AND ')}`,
      [...group.params, ...runs.params],
    )) as { n: number }[];
    return Number(rows[0].n);
  }

  async linesPage(
    tenant: string,
    filters: AuditFilters,
    after: AuditCursor | null,
    limit: number,
  ): Promise<StoredLine[]> {
    const group = groupConditions(tenant, filters);
    const where = ['l.tenant = g.tenant', 'l.eventSeq = g.eventSeq', ...group.where];
    const params = [...group.params];
    if (after !== null) {
      where.push('(l.eventSeq, l.seq, l.idx) > (?, ?, ?)');
      params.push(after.eventSeq, after.seq, after.idx);
    }
    if (filtersRuns(filters)) {
      const event = runExists('l', filters, false);
      const sameRun = runExists('l', filters, true);
      where.push(`(CASE WHEN l.runId IS NULL THEN ${event.where[0]} ELSE ${sameRun.where[0]} END)`);
      params.push(...event.params, ...sameRun.params);
    }
    return (await this.dataSource.query(
      `SELECT l.eventSeq AS eventSeq, l.seq AS seq, l.idx AS idx, l.line AS line FROM audit_line l, audit_group g WHERE ${where.join(' AND ')} ORDER BY l.eventSeq, l.seq, l.idx LIMIT ?`,
      [...params, limit],
    )) as StoredLine[];
  }

  async actsPage(
    tenant: string,
    filters: ActFilters,
    afterSeq: number,
    limit: number,
  ): Promise<{ seq: number; act: string }[]> {
    const sql: Sql = { where: ['tenant = ?', 'seq > ?'], params: [tenant, afterSeq] };
    if (filters.namespace !== undefined) add(sql, 'namespace = ?', filters.namespace);
    if (filters.since !== undefined) add(sql, 'at >= ?', filters.since);
    if (filters.until !== undefined) add(sql, 'at < ?', filters.until);
    if (filters.actor !== undefined) add(sql, 'actor = ?', filters.actor);
    if (filters.type !== undefined) {
      // A family (`token.*`): GLOB reads the `*` as the same wildcard; types hold no other GLOB character.
      add(sql, filters.type.endsWith('.*') ? 'type GLOB ?' : 'type = ?', filters.type);
    }
    return (await this.dataSource.query(
      `SELECT seq, act FROM audit_act WHERE ${sql.where.join(' AND ')} ORDER BY seq LIMIT ?`,
      [...sql.params, limit],
    )) as { seq: number; act: string }[];
  }
}
