import type { Provenance } from '@wharf/events';
import { assertName, isoDateTimeInstant } from '@wharf/names';
import { HttpClient, QueryValue } from '../http-client';
import { WharfInputError } from '../wharf-input-error';

export type AuditLineKind =
  | 'event'
  | 'run'
  | 'queued'
  | 'assignment'
  | 'reassigned'
  | 'started'
  | 'completed'
  | 'failed'
  | 'timed-out'
  | 'released'
  | 'retry'
  | 'refusal'
  | 'run-completed'
  | 'run-failed'
  | 'run-cancelled';

export type AuditOutcome = 'completed' | 'failed' | 'cancelled' | 'running' | 'unmatched';
const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['completed', 'failed', 'cancelled', 'running', 'unmatched'];

/**
 * One line of the dispatch audit. `seq` is the stream sequence of the event it was read from;
 * `eventSeq` the sequence of the pushed event it belongs to (the report is ordered by both).
 * Fields that do not apply to a kind are absent.
 */
export interface AuditLine {
  seq: number;
  eventSeq: number;
  kind: AuditLineKind;
  at: string;
  namespace: string;
  eventId: string | null;
  eventKey: string | null;
  runId?: string;
  workflow?: string;
  workflowVersion?: number;
  step?: string;
  stepRunId?: string;
  attempt?: number;
  workerId?: string;
  workerName?: string;
  workerLabels?: Record<string, string>;
  strategy?: string;
  candidates?: number;
  outcome?: AuditOutcome;
  durationMs?: number;
  detail?: string;
  actor?: string;
  provenance?: Provenance;
}

/** An administrative act with its actor and the stream sequence it was read from. */
export interface AuditAct {
  seq: number;
  at: string;
  type: string;
  namespace: string;
  actor: string;
  subject: string;
  detail: string;
  data: Record<string, unknown>;
}

/** Which events the dispatch audit covers; see `GET /api/v1/audit/dispatches`. */
export interface AuditFilters {
  /** ISO date-time with a time zone: events pushed at or after it. */
  since?: string;
  /** ISO date-time with a time zone: events pushed before it. */
  until?: string;
  /** One namespace; default every namespace the token may read. */
  namespace?: string;
  /** Event key, exact or with `*` wildcards (`user:*`). */
  key?: string;
  workflow?: string;
  /** Worker id or name. */
  worker?: string;
  outcome?: AuditOutcome;
}

export interface ActFilters {
  since?: string;
  until?: string;
  /** An event type (`token.created`) or a family (`token.*`). */
  type?: string;
  /** A token id, or `system`. */
  actor?: string;
  namespace?: string;
}

/** Where the report is produced: the dispatch read model (default), or the stream alone. */
export type AuditSource = 'read-model' | 'stream';

export interface AuditPageOptions {
  /** Lines per page, 1-5000 (default 500). */
  limit?: number;
  /** The `next` cursor of the previous page. */
  after?: string;
  source?: AuditSource;
}

export interface AuditExportOptions {
  source?: AuditSource;
  signal?: AbortSignal;
}

/** A streamed export: how many events it covers (when the server knows) and its text, chunk by chunk. */
export interface AuditExport {
  /** Events selected (the `Wharf-Audit-Events` header); null when the server did not say (the stream source). */
  events: number | null;
  chunks: AsyncIterable<string>;
}

const KEY_PATTERN = /^[a-z0-9:_*-]{1,128}$/;
const ACT_TYPE = /^[a-z][a-z-]*(\.[a-z][a-z-]*|\.\*)$/;

function assertTime(field: string, value: string | undefined): void {
  if (value !== undefined && (typeof value !== 'string' || isoDateTimeInstant(value) === null)) {
    throw new WharfInputError(field, 'must be an ISO 8601 date-time with a time zone, such as 2030-01-31T09:00:00Z');
  }
}

/** Validates audit filters before they are sent, naming the field as the dispatch service would. */
export function assertAuditFilters(filters: AuditFilters): void {
  assertTime('since', filters.since);
  assertTime('until', filters.until);
  if (filters.namespace !== undefined) assertName('namespace', filters.namespace, 'namespace');
  if (filters.workflow !== undefined) assertName('workflow', filters.workflow, 'workflow');
  if (filters.worker !== undefined) assertName('worker', filters.worker, 'worker');
  if (filters.key !== undefined && !KEY_PATTERN.test(filters.key)) {
    throw new WharfInputError(
      'key',
      'may contain only lower-case letters a-z, digits 0-9, ":", "_", "-" and the wildcard "*"',
    );
  }
  if (filters.outcome !== undefined && !AUDIT_OUTCOMES.includes(filters.outcome)) {
    throw new WharfInputError('outcome', `must be one of ${AUDIT_OUTCOMES.join(', ')}`);
  }
}

function assertActFilters(filters: ActFilters): void {
  assertTime('since', filters.since);
  assertTime('until', filters.until);
  if (filters.namespace !== undefined) assertName('namespace', filters.namespace, 'namespace');
  if (filters.type !== undefined && !ACT_TYPE.test(filters.type)) {
    throw new WharfInputError('type', 'must be an event type such as token.created, or a family such as token.*');
  }
}

function queryString(query: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, String(value));
  return search.size > 0 ? `?${search.toString()}` : '';
}

/** The body's text, chunk by chunk, as it arrives. */
async function* textChunks(body: ReadableStream<Uint8Array> | null): AsyncIterable<string> {
  if (body === null) return;
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const text = decoder.decode(value, { stream: true });
      if (text !== '') yield text;
    }
    const rest = decoder.decode();
    if (rest !== '') yield rest;
  } finally {
    reader.releaseLock();
  }
}

/** Whole lines out of text chunks (the last line needs no line end). */
export async function* textLines(chunks: AsyncIterable<string>): AsyncIterable<string> {
  let pending = '';
  for await (const chunk of chunks) {
    pending += chunk;
    let end = pending.indexOf('\n');
    while (end >= 0) {
      const line = pending.slice(0, end).replace(/\r$/, '');
      if (line !== '') yield line;
      pending = pending.slice(end + 1);
      end = pending.indexOf('\n');
    }
  }
  if (pending.trim() !== '') yield pending;
}

/**
 * `/api/v1/audit`: the dispatch audit of the tenant (every pushed event, the runs it started or
 * that none matched, each assignment, retry, reassignment, refusal and outcome, each line citing
 * its stream sequence) and its administrative acts. Pages for apps; streamed NDJSON or CSV for
 * whole ranges, read as they arrive (constant memory).
 */
export class AuditResource {
  constructor(private readonly http: HttpClient) {}

  /** One page of the dispatch audit; pass `next` as `after` for the following one (null: the last page). */
  dispatches(
    filters: AuditFilters = {},
    options: AuditPageOptions = {},
  ): Promise<{ lines: AuditLine[]; next: string | null }> {
    assertAuditFilters(filters);
    return this.http.request('GET', '/api/v1/audit/dispatches', {
      query: { ...filters, format: 'json', limit: options.limit, after: options.after, source: options.source },
    });
  }

  /** The whole selection as NDJSON or CSV text, streamed. */
  async exportDispatches(
    filters: AuditFilters,
    format: 'ndjson' | 'csv',
    options: AuditExportOptions = {},
  ): Promise<AuditExport> {
    assertAuditFilters(filters);
    const path = `/api/v1/audit/dispatches${queryString({ ...filters, format, source: options.source })}`;
    return this.open(path, options.signal);
  }

  /** Every line of the selection, parsed as it streams in. */
  async streamDispatches(
    filters: AuditFilters = {},
    options: AuditExportOptions = {},
  ): Promise<{ events: number | null; lines: AsyncIterable<AuditLine> }> {
    const exported = await this.exportDispatches(filters, 'ndjson', options);
    async function* parsed(): AsyncIterable<AuditLine> {
      for await (const line of textLines(exported.chunks)) yield JSON.parse(line) as AuditLine;
    }
    return { events: exported.events, lines: parsed() };
  }

  /** One page of administrative acts; `next` is the cursor of the following page (null: the last). */
  acts(
    filters: ActFilters = {},
    options: { limit?: number; after?: string } = {},
  ): Promise<{ acts: AuditAct[]; next: string | null }> {
    assertActFilters(filters);
    return this.http.request('GET', '/api/v1/audit/acts', {
      query: { ...filters, format: 'json', limit: options.limit, after: options.after },
    });
  }

  /** Every act of the selection as NDJSON or CSV text, streamed. */
  async exportActs(filters: ActFilters, format: 'ndjson' | 'csv', signal?: AbortSignal): Promise<AuditExport> {
    assertActFilters(filters);
    return this.open(`/api/v1/audit/acts${queryString({ ...filters, format })}`, signal);
  }

  private async open(path: string, signal: AbortSignal | undefined): Promise<AuditExport> {
    // The streaming transport of the client: it hands back the response as soon as its headers are in.
    const response = await this.http.openEventStream(path, signal ?? new AbortController().signal);
    const events = response.headers.get('Wharf-Audit-Events');
    return { events: events === null ? null : Number(events), chunks: textChunks(response.body) };
  }
}
