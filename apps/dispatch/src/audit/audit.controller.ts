import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { DataSource } from 'typeorm';
import { RequestScope, Requires, Scope } from '@wharf/auth';
import { EventStore } from '@wharf/event-store';
import { ProjectionRunner } from '@wharf/projections';
import { forbidden, requireTenantScope } from '@wharf/service-kit';
import { AuditAct } from './audit-act';
import { AUDIT_ACT_COLUMNS, AUDIT_LINE_COLUMNS, csvHeader, csvRecord } from './audit-csv';
import { AuditCursor, cursorText, isAfter, parseCursor } from './audit-cursor';
import { AuditFilters } from './audit-filters';
import { AuditLine } from './audit-line';
import { ActFilters, AuditQueries } from './audit-queries';
import { AuditActsQuery } from './dto/audit-acts.query';
import { AuditDispatchesQuery } from './dto/audit-dispatches.query';
import { AuditFormat } from './dto/audit-range.query';
import { isoInstant } from './dto/audit-query-rules';
import { PlacedLine, StopReading, streamAuditReport } from './stream-audit-report';

/** Lines read from SQLite per query while streaming a whole selection. */
const EXPORT_PAGE = 1_000;
const DEFAULT_LIMIT = 500;
/** Tells a client how many events the streamed selection holds (for a progress bar). */
export const AUDIT_EVENTS_HEADER = 'Wharf-Audit-Events';

const CONTENT_TYPES: Record<Exclude<AuditFormat, 'json'>, string> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/** Writes a chunk, waiting while the client's buffer is full; false once the client is gone. */
async function write(res: Response, chunk: string): Promise<boolean> {
  if (res.destroyed) return false;
  if (!res.write(chunk)) {
    await new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.once('drain', done);
      res.once('close', done);
    });
  }
  return !res.destroyed;
}

/**
 * A token bound to a namespace audits that namespace only; any other token its whole tenant, or
 * the namespace it names.
 */
function auditedNamespace(scope: RequestScope, asked: string | undefined): string | undefined {
  if (scope.boundNamespace === undefined) return asked;
  if (asked !== undefined && asked !== scope.boundNamespace) {
    throw forbidden(`this token is bound to namespace "${scope.boundNamespace}" and cannot audit "${asked}"`);
  }
  return scope.boundNamespace;
}

/**
 * The dispatch audit (every pushed event, the runs it started or that none matched, every
 * assignment, retry, reassignment, refusal and outcome, each line citing its stream sequence)
 * and the administrative acts, from the read model — or the dispatch audit from the stream alone.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  private readonly logger = new Logger('Audit');
  private readonly queries: AuditQueries;

  constructor(
    private readonly runner: ProjectionRunner,
    private readonly store: EventStore,
    dataSource: DataSource,
  ) {
    this.queries = new AuditQueries(dataSource);
  }

  @Get('dispatches')
  @Requires('audit:read')
  async dispatches(@Scope() scope: RequestScope, @Query() query: AuditDispatchesQuery, @Res() res: Response) {
    const { tenant } = requireTenantScope(scope);
    const filters: AuditFilters = {
      since: isoInstant(query.since),
      until: isoInstant(query.until),
      namespace: auditedNamespace(scope, query.namespace),
      key: query.key,
      workflow: query.workflow,
      worker: query.worker,
      outcome: query.outcome,
    };
    for (const name of Object.keys(filters) as (keyof AuditFilters)[])
      if (filters[name] === undefined) delete filters[name];
    const format = query.format ?? 'json';
    const after = query.after === undefined ? null : parseCursor(query.after);
    const limit = query.limit ?? DEFAULT_LIMIT;
    if (query.source === 'stream') return this.fromStream(res, tenant, filters, format, after, limit);
    await this.runner.catchUp(10_000).catch(() => undefined);
    if (format === 'json') {
      const rows = await this.queries.linesPage(tenant, filters, after, limit);
      const last = rows[rows.length - 1];
      res.json({
        lines: rows.map((r) => JSON.parse(r.line) as AuditLine),
        next: rows.length < limit ? null : cursorText(last),
      });
      return;
    }
    const events = await this.queries.countEvents(tenant, filters);
    res.status(200).setHeader('Content-Type', CONTENT_TYPES[format]);
    res.setHeader(AUDIT_EVENTS_HEADER, String(events));
    await this.streamBody(res, async (send) => {
      if (format === 'csv' && !(await send(csvHeader(AUDIT_LINE_COLUMNS)))) return;
      let cursor = after;
      for (;;) {
        const rows = await this.queries.linesPage(tenant, filters, cursor, EXPORT_PAGE);
        for (const row of rows) {
          const text =
            format === 'csv' ? csvRecord(JSON.parse(row.line) as AuditLine, AUDIT_LINE_COLUMNS) : `${row.line}\n`;
          if (!(await send(text))) return;
        }
        if (rows.length < EXPORT_PAGE) return;
        cursor = rows[rows.length - 1];
      }
    });
  }

  @Get('acts')
  @Requires('audit:read')
  async acts(@Scope() scope: RequestScope, @Query() query: AuditActsQuery, @Res() res: Response) {
    const { tenant } = requireTenantScope(scope);
    const filters: ActFilters = {
      since: isoInstant(query.since),
      until: isoInstant(query.until),
      namespace: auditedNamespace(scope, query.namespace),
      type: query.type,
      actor: query.actor,
    };
    const format = query.format ?? 'json';
    const limit = query.limit ?? DEFAULT_LIMIT;
    await this.runner.catchUp(10_000).catch(() => undefined);
    if (format === 'json') {
      const rows = await this.queries.actsPage(tenant, filters, query.after ?? 0, limit);
      res.json({
        acts: rows.map((r) => JSON.parse(r.act) as AuditAct),
        next: rows.length < limit ? null : String(rows[rows.length - 1].seq),
      });
      return;
    }
    res.status(200).setHeader('Content-Type', CONTENT_TYPES[format]);
    await this.streamBody(res, async (send) => {
      if (format === 'csv' && !(await send(csvHeader(AUDIT_ACT_COLUMNS)))) return;
      let afterSeq = query.after ?? 0;
      for (;;) {
        const rows = await this.queries.actsPage(tenant, filters, afterSeq, EXPORT_PAGE);
        for (const row of rows) {
          const text =
            format === 'csv' ? csvRecord(JSON.parse(row.act) as AuditAct, AUDIT_ACT_COLUMNS) : `${row.act}\n`;
          if (!(await send(text))) return;
        }
        if (rows.length < EXPORT_PAGE) return;
        afterSeq = rows[rows.length - 1].seq;
      }
    });
  }

  /** The dispatch audit produced from the stream alone (no read model). */
  private async fromStream(
    res: Response,
    tenant: string,
    filters: AuditFilters,
    format: AuditFormat,
    after: AuditCursor | null,
    limit: number,
  ): Promise<void> {
    const pass = (placed: PlacedLine) => after === null || isAfter(placed.cursor, after);
    if (format === 'json') {
      const page: PlacedLine[] = [];
      await streamAuditReport(this.store, tenant, filters, (placed) => {
        if (!pass(placed)) return;
        page.push(placed);
        if (page.length >= limit) throw new StopReading();
      });
      res.json({
        lines: page.map((p) => p.line),
        next: page.length < limit ? null : cursorText(page[page.length - 1].cursor),
      });
      return;
    }
    res.status(200).setHeader('Content-Type', CONTENT_TYPES[format]);
    await this.streamBody(res, async (send) => {
      if (format === 'csv' && !(await send(csvHeader(AUDIT_LINE_COLUMNS)))) return;
      await streamAuditReport(this.store, tenant, filters, async (placed) => {
        if (!pass(placed)) return;
        const text = format === 'csv' ? csvRecord(placed.line, AUDIT_LINE_COLUMNS) : `${JSON.stringify(placed.line)}\n`;
        if (!(await send(text))) throw new StopReading();
      });
    });
  }

  /** Streams a body; a failure once the headers are out cuts the response (never a truncated "success"). */
  private async streamBody(res: Response, produce: (send: (chunk: string) => Promise<boolean>) => Promise<void>) {
    try {
      await produce((chunk) => write(res, chunk));
      res.end();
    } catch (err) {
      this.logger.error(`audit export failed: ${(err as Error).message}`);
      res.destroy(err as Error);
    }
  }
}
