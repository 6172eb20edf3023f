import { EventStore } from '@wharf/event-store';

/**
 * Reads the event stream's position: its last sequence, and how many events each subject under a
 * filter holds (the stream denies deletes, so a count only moves when something was appended).
 */
export class StreamWatch {
  private constructor(private readonly store: EventStore) {}

  static async open(natsUrl: string): Promise<StreamWatch> {
    return new StreamWatch(await EventStore.connect({ name: 'e2e-route-attacks', env: { WHARF_NATS_URL: natsUrl } }));
  }

  lastSeq(): Promise<number> {
    return this.store.lastSeq();
  }

  /** The sequence of the last event on a subject matching `filter`, 0 when none. */
  lastSubjectSeq(filter: string): Promise<number> {
    return this.store.lastSubjectSeq(filter);
  }

  /** Events per subject matching `filter` (e.g. `wharf.<tenant>.>`, one tenant's whole history). */
  async subjectCounts(filter: string): Promise<Record<string, number>> {
    const info = await this.store.jsm.streams.info(this.store.stream, { subjects_filter: filter });
    return { ...(info.state.subjects ?? {}) };
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
