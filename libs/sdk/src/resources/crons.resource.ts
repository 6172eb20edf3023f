import { MISSED_TICKS_POLICIES, type MissedTicksPolicy } from '@wharf/events';
import { assertName } from '@wharf/names';
import { HttpClient, pathSegment } from '../http-client';
import { WharfInputError } from '../wharf-input-error';

export type { MissedTicksPolicy };

/** A cron of the namespace: each tick of `expression` in `timezone` pushes `eventKey` with `payload`. */
export interface CronView {
  name: string;
  namespace: string;
  /** Five fields, `minute hour day-of-month month day-of-week`, blanks normalized to one space. */
  expression: string;
  /** IANA time zone the expression is read in. */
  timezone: string;
  eventKey: string;
  payload: unknown;
  missedTicks: MissedTicksPolicy;
  createdAt: string;
  /** The last tick that fired; null before the first. */
  lastTick: string | null;
  /** The next tick due; null when the expression has none left. */
  nextTick: string | null;
}

/** A cron just deleted: how it was, and `deleted: true`. */
export type DeletedCron = CronView & { deleted: true };

export interface CreateCronInput {
  /** The cron's name in the namespace; follows the rule of event keys, e.g. `nightly-report`. */
  name: string;
  /** Five fields, `minute hour day-of-month month day-of-week`, e.g. `30 2 * * *` (02:30 every day). */
  expression: string;
  /** An IANA time zone such as `Europe/Berlin`; left out, `UTC`. */
  timezone?: string;
  /** The key of the event each tick pushes in the namespace. */
  eventKey: string;
  /** The payload of every pushed event; left out, null. */
  payload?: unknown;
  /** Ticks missed while no dispatch instance ran: `skip` them (the default) or `fire-once` the latest. */
  missedTicks?: MissedTicksPolicy;
}

/**
 * Validates a new cron before it is sent, naming the field as the dispatch service would. The
 * expression and the time zone are checked by the service alone (it parses them with croner).
 */
export function assertCreateCronInput(input: CreateCronInput): void {
  assertName('cron', input.name, 'name');
  if (typeof input.expression !== 'string' || input.expression.trim() === '') {
    throw new WharfInputError('expression', 'must be a cron expression, e.g. "30 2 * * *"');
  }
  if (input.timezone !== undefined && (typeof input.timezone !== 'string' || input.timezone.trim() === '')) {
    throw new WharfInputError('timezone', 'must be an IANA time zone, e.g. Europe/Berlin');
  }
  assertName('eventKey', input.eventKey, 'eventKey');
  if (input.missedTicks !== undefined && !MISSED_TICKS_POLICIES.includes(input.missedTicks)) {
    throw new WharfInputError('missedTicks', `must be one of ${MISSED_TICKS_POLICIES.join(', ')}`);
  }
}

/** `/api/v1/crons`: the crons of the client's namespace. */
export class CronsResource {
  constructor(private readonly http: HttpClient) {}

  /** Creates a cron; a 409 when the name already holds one. */
  create(input: CreateCronInput): Promise<CronView> {
    assertCreateCronInput(input);
    const body: Record<string, unknown> = { name: input.name, expression: input.expression, eventKey: input.eventKey };
    if (input.timezone !== undefined) body.timezone = input.timezone;
    if (input.payload !== undefined) body.payload = input.payload;
    if (input.missedTicks !== undefined) body.missedTicks = input.missedTicks;
    return this.http.request<CronView>('POST', '/api/v1/crons', { body });
  }

  /** Every cron of the namespace, by name. */
  list(): Promise<CronView[]> {
    return this.http.request<CronView[]>('GET', '/api/v1/crons');
  }

  get(name: string): Promise<CronView> {
    assertName('cron', name, 'name');
    return this.http.request<CronView>('GET', `/api/v1/crons/${pathSegment(name)}`);
  }

  /** Deletes the cron: no later tick fires, and the name may then hold a new cron. */
  delete(name: string): Promise<DeletedCron> {
    assertName('cron', name, 'name');
    return this.http.request<DeletedCron>('DELETE', `/api/v1/crons/${pathSegment(name)}`);
  }
}
