import { AuditAct } from './audit-act';
import { AuditLine } from './audit-line';

/** One CSV column: its header and how a record's cell is read. */
export interface CsvColumn<T> {
  header: string;
  value: (record: T) => string | number | null | undefined;
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote, CR or LF, quotes doubled. A text
 * cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a
 * leading `'`, so an event key or an error message cannot run in the reader's spreadsheet.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record with its CRLF line end. */
export function csvRow(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function csvHeader<T>(columns: readonly CsvColumn<T>[]): string {
  return csvRow(columns.map((c) => c.header));
}

export function csvRecord<T>(record: T, columns: readonly CsvColumn<T>[]): string {
  return csvRow(columns.map((c) => c.value(record)));
}

function labelsText(labels: Record<string, string> | undefined): string | undefined {
  if (labels === undefined) return undefined;
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(';');
}

export const AUDIT_LINE_COLUMNS: readonly CsvColumn<AuditLine>[] = [
  { header: 'seq', value: (l) => l.seq },
  { header: 'eventSeq', value: (l) => l.eventSeq },
  { header: 'kind', value: (l) => l.kind },
  { header: 'at', value: (l) => l.at },
  { header: 'namespace', value: (l) => l.namespace },
  { header: 'eventId', value: (l) => l.eventId },
  { header: 'eventKey', value: (l) => l.eventKey },
  { header: 'runId', value: (l) => l.runId },
  { header: 'workflow', value: (l) => l.workflow },
  { header: 'workflowVersion', value: (l) => l.workflowVersion },
  { header: 'step', value: (l) => l.step },
  { header: 'stepRunId', value: (l) => l.stepRunId },
  { header: 'attempt', value: (l) => l.attempt },
  { header: 'workerId', value: (l) => l.workerId },
  { header: 'workerName', value: (l) => l.workerName },
  { header: 'workerLabels', value: (l) => labelsText(l.workerLabels) },
  { header: 'strategy', value: (l) => l.strategy },
  { header: 'candidates', value: (l) => l.candidates },
  { header: 'outcome', value: (l) => l.outcome },
  { header: 'durationMs', value: (l) => l.durationMs },
  { header: 'detail', value: (l) => l.detail },
  { header: 'actor', value: (l) => l.actor },
  {
    header: 'provenance',
    value: (l) =>
      l.provenance === undefined
        ? undefined
        : `${l.provenance.kind}:${l.provenance.tenant}/${l.provenance.namespace}/${l.provenance.eventId}@${l.provenance.seq}`,
  },
];

export const AUDIT_ACT_COLUMNS: readonly CsvColumn<AuditAct>[] = [
  { header: 'seq', value: (a) => a.seq },
  { header: 'at', value: (a) => a.at },
  { header: 'type', value: (a) => a.type },
  { header: 'namespace', value: (a) => a.namespace },
  { header: 'actor', value: (a) => a.actor },
  { header: 'subject', value: (a) => a.subject },
  { header: 'detail', value: (a) => a.detail },
];
