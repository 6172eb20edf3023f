import { assertName } from '@wharf/names';
import { HttpClient, pathSegment } from '../http-client';
import { Provenance } from './events.resource';

export interface RunSummary {
  runId: string;
  workflow: string;
  status: string;
  eventId: string;
  eventKey: string;
  namespace: string;
  startedAt: string;
  finishedAt: string | null;
}

/** One attempt of a step on one worker, as recorded by the dispatch service. */
export interface AssignmentRecord {
  attempt: number;
  workerId: string;
  workerName: string;
  strategy: string;
  /** How many workers qualified when the step was assigned. */
  candidates: number;
  /** The uniform draw in [0, 1) that picked the worker among the candidates. */
  draw: number;
  /**
   * Why the chosen worker qualified, for steps with label affinity or a sticky option: the required
   * labels it matched, its weighted-label score, and whether stickiness chose it; null otherwise.
   */
  reason: { requiredLabels: Record<string, string>; score: number; sticky: 'preferred' | 'required' | null } | null;
  outcome: string | null;
  assignedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Stream sequence of the `step.assigned` event: where an audit of this dispatch starts. */
  seq: number;
}

/** A report on an attempt that was no longer current (a worker presumed dead came back): refused, never applied. */
export interface RefusedReport {
  attempt: number;
  /** The step's attempt when the report arrived. */
  currentAttempt: number;
  workerId: string | null;
  outcome: string;
  reason: string;
  refusedAt: string;
  seq: number;
}

export interface StepRun {
  stepRunId: string;
  step: string;
  action: string;
  status: string;
  /** The current attempt. */
  attempt: number;
  output: unknown;
  error: string | null;
  assignments: AssignmentRecord[];
  /** Absent from servers older than fencing records. */
  refusedReports?: RefusedReport[];
  /** When a `retrying` step's next attempt is due; null otherwise (absent from older servers). */
  retryAt?: string | null;
  /** Every timeout of the step: waiting for a worker (`schedule`) or running (`execution`). */
  timeouts?: {
    attempt: number;
    phase: 'schedule' | 'execution';
    workerId: string | null;
    afterMs: number;
    at: string;
  }[];
  /** Every retry scheduled: the attempt that failed, why, and when the next one is due. */
  retries?: { attempt: number; reason: 'failed' | 'execution-timeout'; delayMs: number; retryAt: string; at: string }[];
}

export interface Run extends RunSummary {
  input: unknown;
  output: unknown;
  error: string | null;
  /** Set when the run was cancelled (absent from older servers). */
  cancellation?: { reason: string; by: string; at: string } | null;
  /** Where the event that started the run came from, when it was replayed or pushed again (absent from older servers). */
  provenance?: Provenance | null;
  steps: StepRun[];
}

/** The run started again by `replay`. */
export interface ReplayedRun {
  eventId: string;
  /** The new run, or null when the run's workflow no longer exists in the namespace. */
  runId: string | null;
  seq: number;
  provenance: Provenance;
}

export interface ListRunsOptions {
  status?: string;
  workflow?: string;
  limit?: number;
}

/** `/api/v1/runs` in the client's namespace. */
export class RunsResource {
  constructor(private readonly http: HttpClient) {}

  list(options: ListRunsOptions = {}): Promise<RunSummary[]> {
    if (options.workflow !== undefined) assertName('workflow', options.workflow, 'workflow');
    return this.http.request<RunSummary[]>('GET', '/api/v1/runs', {
      query: { status: options.status, workflow: options.workflow, limit: options.limit },
    });
  }

  get(runId: string): Promise<Run> {
    return this.http.request<Run>('GET', `/api/v1/runs/${pathSegment(runId)}`);
  }

  /**
   * Cancels an unfinished run: the worker running its step gets a cancel signal (its handler's
   * `ctx.signal` aborts). Cancelling a cancelled run again changes nothing; a finished run is a 409.
   */
  cancel(runId: string, reason?: string): Promise<{ runId: string; status: 'cancelled' }> {
    return this.http.request('POST', `/api/v1/runs/${pathSegment(runId)}/cancel`, {
      body: reason === undefined ? {} : { reason },
    });
  }

  /**
   * Runs the run again: a new event with the run's event key and input, routed to the run's
   * workflow alone (its current version), naming the run as its provenance.
   */
  replay(runId: string): Promise<ReplayedRun> {
    return this.http.request<ReplayedRun>('POST', `/api/v1/runs/${pathSegment(runId)}/replay`);
  }
}
