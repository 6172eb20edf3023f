import { Module } from '@nestjs/common';
import { WharfServiceModule } from '@wharf/service-kit';
import { HeartbeatsModule } from './heartbeats/heartbeats.module';
import { NamespaceProjection } from './namespaces/namespace.projection';
import { NamespacesModule } from './namespaces/namespaces.module';
import { WorkerProjection } from './workers/worker.projection';
import { WorkersModule } from './workers/workers.module';
import { WorkflowProjection } from './workflows/workflow.projection';
import { WorkflowsModule } from './workflows/workflows.module';

@Module({
  imports: [
    WharfServiceModule.forRoot({
      service: 'registry',
      projections: [new WorkerProjection(), new WorkflowProjection(), new NamespaceProjection()],
      schemaVersion: 3,
    }),
    WorkersModule,
    HeartbeatsModule,
    WorkflowsModule,
    NamespacesModule,
  ],
})
export class RegistryAppModule {}
