import { Body, Controller, HttpCode, HttpException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RequestScope, Requires, Scope } from '@wharf/auth';
import { ProjectionRunner } from '@wharf/projections';
import { conflict, notFound, requireTenantScope } from '@wharf/service-kit';
import { StepReport } from '../dispatch/domain/decide-step-report';
import { DispatchRejection } from '../dispatch/domain/dispatch-rejection';
import { Dispatcher, DispatcherUnavailableError } from '../dispatch/dispatcher.service';
import { StepRunEntity } from '../read-model/step-run.entity';
import { StepCompletedDto, StepFailedDto, StepStartedDto } from './step-report.dto';

@ApiTags('step-runs')
@ApiBearerAuth()
@Controller('api/v1/step-runs')
export class StepRunsController {
  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly runner: ProjectionRunner,
    @InjectRepository(StepRunEntity) private readonly stepRuns: Repository<StepRunEntity>,
  ) {}

  @Post(':id/started')
  @Requires('step-runs:report')
  @HttpCode(200)
  started(@Scope() scope: RequestScope, @Param('id') id: string, @Body() body: StepStartedDto) {
    return this.report(scope, id, body.attempt, { outcome: 'started' });
  }

  @Post(':id/completed')
  @Requires('step-runs:report')
  @HttpCode(200)
  completed(@Scope() scope: RequestScope, @Param('id') id: string, @Body() body: StepCompletedDto) {
    return this.report(scope, id, body.attempt, { outcome: 'completed', output: body.output ?? null });
  }

  @Post(':id/failed')
  @Requires('step-runs:report')
  @HttpCode(200)
  failed(@Scope() scope: RequestScope, @Param('id') id: string, @Body() body: StepFailedDto) {
    return this.report(scope, id, body.attempt, { outcome: 'failed', error: body.error });
  }

  private async report(scope: RequestScope, stepRunId: string, attempt: number, report: StepReport) {
    const { tenant, namespace, actor } = requireTenantScope(scope);
    try {
      return await this.dispatcher.report({ tenant, namespace, actor, stepRunId, attempt, report });
    } catch (err) {
      if (err instanceof DispatcherUnavailableError)
        throw new HttpException({ statusCode: 503, error: 'Service Unavailable', message: err.message }, 503);
      if (!(err instanceof DispatchRejection)) throw err;
      if (err.status === 409) throw conflict(err.message);
      return this.reportOnFinishedRun(tenant, namespace, stepRunId, attempt, report);
    }
  }

  /** The run left the dispatcher's memory: a repeated final report is answered from the read model. */
  private async reportOnFinishedRun(
    tenant: string,
    namespace: string,
    stepRunId: string,
    attempt: number,
    report: StepReport,
  ) {
    await this.runner.catchUp(2_000).catch(() => undefined);
    const row = await this.stepRuns.findOneBy({ stepRunId, tenant, namespace });
    if (!row) throw notFound('step run', stepRunId);
    if (row.attempt === attempt && (row.status === report.outcome || report.outcome === 'started')) {
      return { stepRunId, status: row.status };
    }
    throw conflict(`step run "${stepRunId}" is already ${row.status} (attempt ${row.attempt})`);
  }
}
