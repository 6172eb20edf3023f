import type { ReplaySelection } from '@wharf/events';
import { assertName, isoDateTimeInstant } from '@wharf/names';
import { HttpClient, pathSegment } from '../http-client';
import { WharfInputError } from '../wharf-input-error';

/** Header carrying an admin token of the target tenant when a tenant token (not the operator) replays. */
export const TARGET_TOKEN_HEADER = 'X-Wharf-Target-Token';

export interface StartReplayInput {
  /** Source tenant: only read, its history stays byte-identical. */
  from: string;
  /** Target tenant. */
  to: string;
  /** Create the target when it does not exist (operator token only). */
  create?: boolean;
  /** Replay this namespace only (not with `namespaceMap`). */
  namespace?: string;
  /** Source namespace → target namespace; only the namespaces named are replayed. */
  namespaceMap?: Record<string, string>;
  /** Only events that occurred at or after this ISO date-time (with a time zone). */
  since?: string;
  /** Only events that occurred before this ISO date-time. */
  until?: string;
  /** Event key pattern, `*` matching any run of characters (`user:*`). */
  key?: string;
  /** Copy the source's current workflow definitions first. */
  withWorkflows?: boolean;
  /**
   * An admin token of the target tenant, not bound to a namespace: needed when the client's token
   * is an admin of the source rather than the operator token.
   */
  targetToken?: string;
}

export type { ReplaySelection };

export interface Replay {
  replayId: string;
  from: string;
  to: string;
  selection: ReplaySelection;
  /** `interrupted`: the dispatch instance running it stopped; start the same replay again to resume it. */
  status: 'running' | 'completed' | 'failed' | 'interrupted';
  createdTarget: boolean;
  /** Selected events in the whole range; null while not counted yet. */
  selected: number | null;
  /** Events appended to the target by this replay. */
  replayed: number;
  /** Selected events found in the target already (an earlier or interrupted run). */
  skipped: number;
  /** Workflow definitions copied. */
  workflows: number;
  /** Every selected source event up to this source sequence is in the target. */
  throughSeq: number;
  untilSeq: number;
  startedBy: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  /** Events per second. */
  rate: number | null;
  reason: string | null;
}

export interface ReplayPlanLine {
  sourceNamespace: string;
  targetNamespace: string;
  key: string;
  events: number;
}

export interface ReplayDryRun {
  replayId: string;
  from: string;
  to: string;
  selection: ReplaySelection;
  dryRun: true;
  plan: { lines: ReplayPlanLine[]; total: number };
  workflows: { sourceNamespace: string; targetNamespace: string; name: string }[];
}

function bodyOf(input: StartReplayInput): Record<string, unknown> {
  assertName('tenant', input.from, 'from');
  assertName('tenant', input.to, 'to');
  if (input.namespace !== undefined && input.namespaceMap !== undefined) {
    throw new WharfInputError('namespaceMap', 'cannot be given together with "namespace": choose one');
  }
  if (input.namespace !== undefined) assertName('namespace', input.namespace, 'namespace');
  for (const [from, to] of Object.entries(input.namespaceMap ?? {})) {
    assertName('namespace', from, `namespaceMap.${from}`);
    assertName('namespace', to, `namespaceMap.${from}`);
  }
  for (const field of ['since', 'until'] as const) {
    const value = input[field];
    if (value !== undefined && isoDateTimeInstant(value) === null) {
      throw new WharfInputError(field, 'must be an ISO 8601 date-time with a time zone, e.g. 2030-01-31T12:00:00Z');
    }
  }
  const body: Record<string, unknown> = { from: input.from, to: input.to };
  for (const field of ['create', 'namespace', 'namespaceMap', 'since', 'until', 'key', 'withWorkflows'] as const) {
    if (input[field] !== undefined) body[field] = input[field];
  }
  return body;
}

/** `/api/v1/replays`: copy a tenant's pushed events into another tenant, idempotently and resumably. */
export class ReplaysResource {
  constructor(private readonly http: HttpClient) {}

  /**
   * Starts the replay (it runs in the background: poll `get`), or answers the recorded result of
   * the same replay completed before, or resumes it when it was interrupted.
   */
  start(input: StartReplayInput): Promise<Replay> {
    return this.http.request<Replay>('POST', '/api/v1/replays', {
      body: bodyOf(input),
      headers: this.targetHeader(input),
    });
  }

  /** What the replay would copy (counts per namespace and key) without writing anything. */
  dryRun(input: StartReplayInput): Promise<ReplayDryRun> {
    return this.http.request<ReplayDryRun>('POST', '/api/v1/replays', {
      body: { ...bodyOf(input), dryRun: true },
      headers: this.targetHeader(input),
    });
  }

  get(replayId: string): Promise<Replay> {
    return this.http.request<Replay>('GET', `/api/v1/replays/${pathSegment(replayId)}`);
  }

  /** Replays whose source or target is the client's tenant, newest first. */
  list(): Promise<Replay[]> {
    return this.http.request<Replay[]>('GET', '/api/v1/replays');
  }

  private targetHeader(input: StartReplayInput): Record<string, string> | undefined {
    return input.targetToken === undefined ? undefined : { [TARGET_TOKEN_HEADER]: input.targetToken };
  }
}
