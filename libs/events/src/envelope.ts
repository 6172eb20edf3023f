import { randomUUID } from 'node:crypto';
import { AggregateType } from '@wharf/names';
import { EventPayloads, EventType } from './catalogue';

/** Who caused an event: a token id, or `system` for decisions the services make themselves. */
export type Actor = string;
export const SYSTEM_ACTOR = 'system';

/** The envelope every domain event travels in; `id` is also the message's `Nats-Msg-Id`. */
export interface EventEnvelope<T extends EventType = EventType> {
  id: string;
  type: T;
  schemaVersion: number;
  tenant: string;
  namespace: string;
  aggregate: { type: AggregateType; id: string };
  occurredAt: string;
  actor: Actor;
  correlationId: string;
  causationId: string | null;
  payload: EventPayloads[T];
}

/** An event as read back from the stream, with its stream sequence and subject. */
export type StoredEvent<T extends EventType = EventType> = EventEnvelope<T> & {
  seq: number;
  subject: string;
};

export type AnyStoredEvent = { [K in EventType]: StoredEvent<K> }[EventType];

export interface NewEvent<T extends EventType> {
  type: T;
  tenant: string;
  namespace: string;
  aggregate: { type: AggregateType; id: string };
  actor: Actor;
  payload: EventPayloads[T];
  /** Deterministic ids make an append idempotent across retries and restarts. */
  id?: string;
  correlationId?: string;
  causationId?: string | null;
  occurredAt?: Date;
}

export const SCHEMA_VERSION = 1;

export function newEvent<T extends EventType>(input: NewEvent<T>): EventEnvelope<T> {
  const id = input.id ?? randomUUID();
  return {
    id,
    type: input.type,
    schemaVersion: SCHEMA_VERSION,
    tenant: input.tenant,
    namespace: input.namespace,
    aggregate: input.aggregate,
    occurredAt: (input.occurredAt ?? new Date()).toISOString(),
    actor: input.actor,
    correlationId: input.correlationId ?? id,
    causationId: input.causationId ?? null,
    payload: input.payload,
  };
}

export function isEventOfType<T extends EventType>(event: StoredEvent, type: T): event is StoredEvent<T> {
  return event.type === type;
}
