import { AggregateType } from '@wharf/names';
import { eventSubject } from '@wharf/event-store';

/** Where an aggregate's events live: the envelope fields that make up its subject. */
export interface AggregateLocation {
  tenant: string;
  namespace: string;
  aggregate: { type: AggregateType; id: string };
}

export function subjectOf(location: AggregateLocation): string {
  return eventSubject(location);
}
