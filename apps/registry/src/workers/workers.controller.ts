import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequestScope, Requires, Scope } from '@wharf/auth';
import { requireTenantScope } from '@wharf/service-kit';
import { HeartbeatBoard } from '../heartbeats/heartbeat-board';
import { RegisterWorkerDto } from './dto/register-worker.dto';
import { DeregisterWorker } from './deregister-worker.usecase';
import { RegisteredWorker, RegisterWorker } from './register-worker.usecase';
import { WorkerErrorFilter } from './worker-error.filter';
import { WorkerLookup } from './worker-lookup';
import { WorkerStatus } from './worker.decider';
import { WorkerEntity } from './worker.entity';
import { toWorkerView, WorkerView } from './worker.view';

@ApiTags('workers')
@ApiBearerAuth()
@Controller('api/v1/workers')
@UseFilters(WorkerErrorFilter)
export class WorkersController {
  constructor(
    private readonly registerWorker: RegisterWorker,
    private readonly deregisterWorker: DeregisterWorker,
    private readonly lookup: WorkerLookup,
    private readonly board: HeartbeatBoard,
  ) {}

  @Post()
  @Requires('workers:write')
  @HttpCode(201)
  register(@Scope() scope: RequestScope, @Body() body: RegisterWorkerDto): Promise<RegisteredWorker> {
    return this.registerWorker.execute(requireTenantScope(scope), body);
  }

  @Get()
  @Requires('workers:read')
  async list(@Scope() scope: RequestScope): Promise<WorkerView[]> {
    const rows = await this.lookup.list(requireTenantScope(scope));
    return rows.map((row) => this.view(row));
  }

  @Get(':id')
  @Requires('workers:read')
  async get(@Scope() scope: RequestScope, @Param('id') workerId: string): Promise<WorkerView> {
    return this.view(await this.lookup.get(requireTenantScope(scope), workerId));
  }

  @Delete(':id')
  @Requires('workers:write')
  @HttpCode(200)
  deregister(
    @Scope() scope: RequestScope,
    @Param('id') workerId: string,
  ): Promise<{ workerId: string; status: WorkerStatus }> {
    return this.deregisterWorker.execute(requireTenantScope(scope), workerId);
  }

  private view(row: WorkerEntity): WorkerView {
    return toWorkerView(row, this.board.lastHeartbeatAt(row.tenant, row.namespace, row.workerId));
  }
}
