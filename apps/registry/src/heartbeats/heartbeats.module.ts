import { Module } from '@nestjs/common';
import { WorkersModule } from '../workers/workers.module';
import { HeartbeatStoreModule } from './heartbeat-store.module';
import { HeartbeatSweeper } from './heartbeat-sweeper';
import { HeartbeatsController } from './heartbeats.controller';
import { RecordHeartbeat } from './record-heartbeat.usecase';

@Module({
  imports: [HeartbeatStoreModule, WorkersModule],
  controllers: [HeartbeatsController],
  providers: [RecordHeartbeat, HeartbeatSweeper],
})
export class HeartbeatsModule {}
