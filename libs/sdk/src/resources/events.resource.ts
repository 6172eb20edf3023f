import type { Provenance } from '@wharf/events';
import { assertName } from '@wharf/names';
import { HttpClient, pathSegment } from '../http-client';
import { WharfInputError } from '../wharf-input-error';

export interface PushedEvent {
  eventId: string;
  key: string;
  namespace: string;
  /** Stream sequence of the `event.pushed` event. */
  seq: number;
  /** Runs the event started. */
  runs: string[];
}

export interface WharfEvent {
  eventId: string;
  key: string;
  namespace: string;
  payload: unknown;
  metadata: Record<string, string>;
  pushedAt: string;
  /** Runs the event started. */
  runs: string[];
  /** Where the event came from when it was replayed or pushed again; null for an original push (absent from older servers). */
  provenance?: Provenance | null;
}

/** The origin of a replayed or re-pushed event: tenant, namespace, event id and stream sequence of the original. */
export type { Provenance };

export interface PushOptions {
  metadata?: Record<string, string>;
}

/** `/api/v1/events`: pushing an event starts every workflow registered for its key. */
export class EventsResource {
  constructor(private readonly http: HttpClient) {}

  push(key: string, payload?: unknown, options: PushOptions = {}): Promise<PushedEvent> {
    assertName('eventKey', key, 'key');
    for (const [name, value] of Object.entries(options.metadata ?? {})) {
      if (typeof value !== 'string') throw new WharfInputError(`metadata.${name}`, 'must be a string');
    }
    const body: Record<string, unknown> = { key };
    if (payload !== undefined) body.payload = payload;
    if (options.metadata !== undefined) body.metadata = options.metadata;
    return this.http.request<PushedEvent>('POST', '/api/v1/events', { body });
  }

  get(eventId: string): Promise<WharfEvent> {
    return this.http.request<WharfEvent>('GET', `/api/v1/events/${pathSegment(eventId)}`);
  }

  /**
   * Pushes the event again as a new event with its key, payload and metadata, routed against the
   * namespace's current workflows; the new event names the original as its provenance.
   */
  replay(eventId: string): Promise<PushedEvent & { provenance: Provenance }> {
    return this.http.request('POST', `/api/v1/events/${pathSegment(eventId)}/replay`);
  }
}
