import { AuditAct, AuditLine } from '@wharf/sdk';

/** A column of a table printed as it streams: its width is fixed up front (the last one is free). */
interface StreamColumn<T> {
  header: string;
  width: number;
  value: (row: T) => string | number | undefined | null;
}

function fit(text: string, width: number): string {
  const flat = text.replace(/\s*[\r\n]+\s*/g, ' ');
  if (width <= 0) return flat;
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat.padEnd(width);
}

function rowText<T>(cells: string[], columns: readonly StreamColumn<T>[]): string {
  return cells
    .map((cell, i) => fit(cell, columns[i].width))
    .join('  ')
    .trimEnd();
}

/** `2030-01-31 12:05:01.123Z`: to the millisecond, in UTC. */
export function auditTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 23).replace('T', ' ')}Z`;
}

/** `850ms`, `12.3s`, `4m05s`. */
export function durationText(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 1_000) return `${ms}ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m${String(Math.floor((ms % 60_000) / 1_000)).padStart(2, '0')}s`;
}

/** What a line is about: the event key, the run's workflow, or the step. */
function subject(line: AuditLine): string {
  if (line.kind === 'event') return line.eventKey ?? '';
  if (line.step !== undefined) return `${line.workflow ?? line.runId}/${line.step}`;
  if (line.kind === 'run' || line.kind.startsWith('run-')) return `${line.workflow ?? ''} ${line.runId ?? ''}`.trim();
  return `${line.workflow ?? line.runId ?? ''}${line.stepRunId === undefined ? '' : ` ${line.stepRunId}`}`;
}

const LINE_COLUMNS: readonly StreamColumn<AuditLine>[] = [
  { header: 'SEQ', width: 8, value: (l) => l.seq },
  { header: 'TIME', width: 24, value: (l) => auditTime(l.at) },
  { header: 'KIND', width: 13, value: (l) => l.kind },
  { header: 'NAMESPACE', width: 12, value: (l) => l.namespace },
  { header: 'EVENT/RUN/STEP', width: 32, value: subject },
  { header: 'WORKER', width: 16, value: (l) => l.workerName ?? l.workerId },
  { header: 'ATTEMPT', width: 7, value: (l) => l.attempt },
  { header: 'OUTCOME', width: 9, value: (l) => l.outcome },
  { header: 'DURATION', width: 8, value: (l) => durationText(l.durationMs) },
  { header: 'DETAIL', width: 0, value: (l) => l.detail },
];

const ACT_COLUMNS: readonly StreamColumn<AuditAct>[] = [
  { header: 'SEQ', width: 8, value: (a) => a.seq },
  { header: 'TIME', width: 24, value: (a) => auditTime(a.at) },
  { header: 'TYPE', width: 25, value: (a) => a.type },
  { header: 'NAMESPACE', width: 12, value: (a) => a.namespace },
  { header: 'ACTOR', width: 20, value: (a) => a.actor },
  { header: 'DETAIL', width: 0, value: (a) => a.detail },
];

function table<T>(columns: readonly StreamColumn<T>[]) {
  return {
    header: () =>
      rowText(
        columns.map((c) => c.header),
        columns,
      ),
    row: (row: T) =>
      rowText(
        columns.map((c) => String(c.value(row) ?? '')),
        columns,
      ),
  };
}

/** The audit as a table for people, one row per line as it arrives (constant memory). */
export const auditLineTable = table(LINE_COLUMNS);
export const auditActTable = table(ACT_COLUMNS);
