import { EventPayloads, EventType } from '@wharf/events';

/**
 * What a decider returns: an event's type and payload, before the Nest shell wraps it in an
 * envelope (id, tenant, namespace, actor, time). Keeps deciders free of clocks and ids.
 */
export type DecidedEvent<T extends EventType = EventType> = { [K in T]: { type: K; payload: EventPayloads[K] } }[T];
