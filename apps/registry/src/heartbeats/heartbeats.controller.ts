import { Controller, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequestScope, Requires, Scope } from '@wharf/auth';
import { requireTenantScope } from '@wharf/service-kit';
import { WorkerStatus } from '../workers/worker.decider';
import { WorkerErrorFilter } from '../workers/worker-error.filter';
import { RecordHeartbeat } from './record-heartbeat.usecase';

@ApiTags('workers')
@ApiBearerAuth()
@Controller('api/v1/workers')
@UseFilters(WorkerErrorFilter)
export class HeartbeatsController {
  constructor(private readonly recordHeartbeat: RecordHeartbeat) {}

  @Post(':id/heartbeat')
  @Requires('workers:write')
  @HttpCode(200)
  heartbeat(
    @Scope() scope: RequestScope,
    @Param('id') workerId: string,
  ): Promise<{ workerId: string; status: WorkerStatus }> {
    return this.recordHeartbeat.execute(requireTenantScope(scope), workerId);
  }
}
