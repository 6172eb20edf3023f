import { AnyStoredEvent } from '@wharf/events';
import { tenantFilter } from '@wharf/names';
import { AuditCursor } from './audit-cursor';
import { AuditFilters, selectGroupLines } from './audit-filters';
import { AuditLine } from './audit-line';
import { auditLinesOf } from './audit-lines-of';
import { MapAuditMemory } from './audit-memory';

/** The part of the event store the stream-only report reads. */
export interface HistoryReader {
  lastSeq(): Promise<number>;
  readRange(
    filter: string,
    fromSeq: number,
    untilSeq: number,
    onEvent: (event: AnyStoredEvent) => void | Promise<void>,
  ): Promise<void>;
}

/** A line of the report and where it stands in report order. */
export interface PlacedLine {
  line: AuditLine;
  cursor: AuditCursor;
}

interface Group {
  entries: PlacedLine[];
  /** Runs routed by the event that have not started yet. */
  pendingRuns: number;
  openRuns: Set<string>;
}

/** Thrown by a consumer of the report to stop reading early (a page is full). */
export class StopReading extends Error {}

/**
 * Produces the dispatch audit of `tenant` from the stream alone, with no read model: reads the
 * tenant's history (narrowed to `filters.namespace` when given) up to the stream's last sequence
 * at the call, maps each event with the same `auditLinesOf` the read model applies, and emits the
 * lines the filters keep in report order (eventSeq, seq). To emit in that order it holds each
 * event's lines until its runs finished; an event is emitted once it and every event before it are
 * done, and whatever is open when the read ends is emitted then. Memory: the mapper's open work,
 * plus the lines of the events recorded since the oldest event whose runs are still open.
 */
export async function streamAuditReport(
  reader: HistoryReader,
  tenant: string,
  filters: AuditFilters,
  emit: (placed: PlacedLine) => void | Promise<void>,
): Promise<{ events: number; lines: number }> {
  const memory = new MapAuditMemory();
  const groups = new Map<number, Group>();
  let events = 0;
  let lines = 0;

  const flush = async (all: boolean): Promise<void> => {
    for (const [eventSeq, group] of groups) {
      if (!all && (group.pendingRuns > 0 || group.openRuns.size > 0)) return;
      groups.delete(eventSeq);
      const kept = selectGroupLines(
        group.entries.map((e) => e.line),
        filters,
      );
      if (kept.length === 0) continue;
      const keptSet = new Set(kept);
      events += 1;
      for (const entry of group.entries) {
        if (!keptSet.has(entry.line)) continue;
        lines += 1;
        await emit(entry);
      }
    }
  };

  const untilSeq = await reader.lastSeq();
  try {
    await reader.readRange(tenantFilter(tenant, filters.namespace), 1, untilSeq, async (event) => {
      const mapped = auditLinesOf(event, memory);
      if (mapped.length === 0) return;
      mapped.forEach((line, idx) => {
        let group = groups.get(line.eventSeq);
        if (group === undefined) {
          const pendingRuns = event.type === 'event.pushed' ? event.payload.runs.length : 0;
          group = { entries: [], pendingRuns, openRuns: new Set() };
          groups.set(line.eventSeq, group);
        }
        group.entries.push({ line, cursor: { eventSeq: line.eventSeq, seq: line.seq, idx } });
        if (
          line.kind === 'run' &&
          line.runId !== undefined &&
          line.workflow !== undefined &&
          event.type === 'run.started'
        ) {
          group.pendingRuns = Math.max(0, group.pendingRuns - 1);
          group.openRuns.add(line.runId);
        }
        if (line.kind.startsWith('run-') && line.runId !== undefined) group.openRuns.delete(line.runId);
      });
      await flush(false);
    });
    await flush(true);
  } catch (err) {
    if (!(err instanceof StopReading)) throw err;
  }
  return { events, lines };
}
