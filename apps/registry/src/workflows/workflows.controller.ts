import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequestScope, Requires, Scope } from '@wharf/auth';
import { requireTenantScope } from '@wharf/service-kit';
import { PutWorkflowDto } from './dto/put-workflow.dto';
import { PutWorkflow, PutWorkflowResult } from './put-workflow.usecase';
import { WorkflowLookup } from './workflow-lookup';
import { toWorkflowView, WorkflowView } from './workflow.view';

@ApiTags('workflows')
@ApiBearerAuth()
@Controller('api/v1/workflows')
export class WorkflowsController {
  constructor(
    private readonly putWorkflow: PutWorkflow,
    private readonly lookup: WorkflowLookup,
  ) {}

  /** 201 when the put created the workflow (version 1), 200 when it replaced it. */
  @Post()
  @Requires('workflows:write')
  async put(
    @Scope() scope: RequestScope,
    @Body() body: PutWorkflowDto,
    @Res({ passthrough: true }) response: { status(code: number): unknown },
  ): Promise<PutWorkflowResult> {
    const result = await this.putWorkflow.execute(requireTenantScope(scope), body);
    response.status(result.version === 1 ? 201 : 200);
    return result;
  }

  @Get()
  @Requires('workflows:read')
  async list(@Scope() scope: RequestScope): Promise<WorkflowView[]> {
    return (await this.lookup.list(requireTenantScope(scope))).map(toWorkflowView);
  }

  @Get(':name')
  @Requires('workflows:read')
  async get(@Scope() scope: RequestScope, @Param('name') name: string): Promise<WorkflowView> {
    return toWorkflowView(await this.lookup.get(requireTenantScope(scope), name));
  }
}
