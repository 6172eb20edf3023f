import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WorkerEntity } from '../workers/worker.entity';
import { NamespaceLookup } from './namespace-lookup';
import { NamespaceEntity } from './namespace.entity';
import { NamespacesController } from './namespaces.controller';

@Module({
  imports: [TypeOrmModule.forFeature([NamespaceEntity, WorkerEntity])],
  controllers: [NamespacesController],
  providers: [NamespaceLookup],
})
export class NamespacesModule {}
