import { Module } from '@nestjs/common';
import { EventStore } from '@wharf/event-store';
import { HeartbeatBoard } from './heartbeat-board';
import { HeartbeatBucket } from './heartbeat-bucket';
import { HEARTBEAT_CONFIG, heartbeatConfigFromEnv } from './heartbeat-config';

/** Where heartbeats are kept: the shared KV bucket, this instance's board of it, and the timing rules. */
@Module({
  providers: [
    { provide: HEARTBEAT_CONFIG, useFactory: () => heartbeatConfigFromEnv() },
    { provide: HeartbeatBucket, inject: [EventStore], useFactory: (store: EventStore) => HeartbeatBucket.open(store) },
    HeartbeatBoard,
  ],
  exports: [HEARTBEAT_CONFIG, HeartbeatBucket, HeartbeatBoard],
})
export class HeartbeatStoreModule {}
