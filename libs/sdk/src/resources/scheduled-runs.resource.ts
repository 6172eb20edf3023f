import { assertName, isoDateTimeInstant } from '@wharf/names';
import { HttpClient, pathSegment } from '../http-client';
import { WharfInputError } from '../wharf-input-error';

export type ScheduledRunStatus = 'pending' | 'cancelled' | 'fired';

/** A run of one workflow scheduled at a time in the namespace. */
export interface ScheduledRunView {
  id: string;
  namespace: string;
  workflow: string;
  /** When it fires, in UTC. */
  at: string;
  /** The input of the run's first step (the payload of the event it pushes). */
  input: unknown;
  status: ScheduledRunStatus;
  createdAt: string;
  /** The event it pushed once fired; null before. */
  eventId: string | null;
  /** The run that event started once fired (none if the workflow no longer existed); null before. */
  runId: string | null;
}

export interface CreateScheduledRunInput {
  /** The workflow of the namespace to start, at its version current when it fires. */
  workflow: string;
  /** An ISO 8601 date-time with a time zone, e.g. `2030-01-31T09:00:00+01:00`; a past time fires at once. */
  at: string;
  /** The input of the run's first step; left out, null. */
  input?: unknown;
}

const SCHEDULED_RUN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Validates a new scheduled run before it is sent, naming the field as the dispatch service would. */
export function assertCreateScheduledRunInput(input: CreateScheduledRunInput): void {
  assertName('workflow', input.workflow, 'workflow');
  if (typeof input.at !== 'string' || isoDateTimeInstant(input.at) === null) {
    throw new WharfInputError('at', 'must be an ISO 8601 date-time with a time zone, such as 2030-01-31T09:00:00Z');
  }
}

function assertScheduledRunId(id: string): void {
  if (typeof id !== 'string' || !SCHEDULED_RUN_ID.test(id)) {
    throw new WharfInputError('id', 'must be a scheduled run id (a UUID)');
  }
}

/** `/api/v1/scheduled-runs`: runs of one workflow at a set time, in the client's namespace. */
export class ScheduledRunsResource {
  constructor(private readonly http: HttpClient) {}

  create(input: CreateScheduledRunInput): Promise<ScheduledRunView> {
    assertCreateScheduledRunInput(input);
    const body: Record<string, unknown> = { workflow: input.workflow, at: input.at };
    if (input.input !== undefined) body.input = input.input;
    return this.http.request<ScheduledRunView>('POST', '/api/v1/scheduled-runs', { body });
  }

  /** Every scheduled run of the namespace (pending, cancelled and fired), by time. */
  list(): Promise<ScheduledRunView[]> {
    return this.http.request<ScheduledRunView[]>('GET', '/api/v1/scheduled-runs');
  }

  get(id: string): Promise<ScheduledRunView> {
    assertScheduledRunId(id);
    return this.http.request<ScheduledRunView>('GET', `/api/v1/scheduled-runs/${pathSegment(id)}`);
  }

  /**
   * Cancels a run that has not fired; cancelling it again answers the same view. A run that fired
   * is a 409 (cancel the run it started instead).
   */
  cancel(id: string): Promise<ScheduledRunView> {
    assertScheduledRunId(id);
    return this.http.request<ScheduledRunView>('DELETE', `/api/v1/scheduled-runs/${pathSegment(id)}`);
  }
}
