import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HeartbeatStoreModule } from '../heartbeats/heartbeat-store.module';
import { DeregisterWorker } from './deregister-worker.usecase';
import { RegisterWorker } from './register-worker.usecase';
import { WorkerLookup } from './worker-lookup';
import { WorkerEntity } from './worker.entity';
import { WorkersController } from './workers.controller';

@Module({
  imports: [TypeOrmModule.forFeature([WorkerEntity]), HeartbeatStoreModule],
  controllers: [WorkersController],
  providers: [WorkerLookup, RegisterWorker, DeregisterWorker],
  exports: [WorkerLookup, TypeOrmModule],
})
export class WorkersModule {}
