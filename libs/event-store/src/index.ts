export * from './append-conflict.error';
export * from './event-store';
export * from './nats-options';
export * from './stream-config';
