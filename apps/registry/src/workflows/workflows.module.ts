import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PutWorkflow } from './put-workflow.usecase';
import { WorkflowLookup } from './workflow-lookup';
import { WorkflowEntity } from './workflow.entity';
import { WorkflowsController } from './workflows.controller';

@Module({
  imports: [TypeOrmModule.forFeature([WorkflowEntity])],
  controllers: [WorkflowsController],
  providers: [WorkflowLookup, PutWorkflow],
})
export class WorkflowsModule {}
