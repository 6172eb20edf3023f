import { Body, Controller, HttpCode, HttpException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RequestScope, Requires, Scope } from '@wharf/auth';
import { ProjectionRunner } from '@wharf/projections';
import { conflict, notFound, requireTenantScope } from '@wharf/service-kit';
import { StepReport } from '../dispatch/domain/decide-step-report';
import { StepAttempts } from '../dispatch/domain/decide-report-refusal';
import { DispatchRejection } from '../dispatch/domain/dispatch-rejection';
import { Dispatcher, DispatcherUnavailableError } from '../dispatch/dispatcher.service';
import { AssignmentEntity } from '../read-model/assignment.entity';
import { RefusedReportEntity } from '../read-model/refused-report.entity';
import { RunEntity } from '../read-model/run.entity';
import { StepRunEntity } from '../read-model/step-run.entity';
import { StepCompletedDto, StepFailedDto, StepReleasedDto, StepStartedDto } from './step-report.dto';

@ApiTags('step-runs')
@ApiBearerAuth()
@Controller('api/v1/step-runs')
export class StepRunsController {
  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly runner: ProjectionRunner,
    @InjectRepository(StepRunEntity) private readonly stepRuns: Repository<StepRunEntity>,
    @InjectRepository(RunEntity) private readonly runs: Repository<RunEntity>,
    @InjectRepository(AssignmentEntity) private readonly assignments: Repository<AssignmentEntity>,
    @InjectRepository(RefusedReportEntity) private readonly refusals: Repository<RefusedReportEntity>,
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
    return this.report(scope, id, body.attempt, {
      outcome: 'failed',
      error: body.error,
      ...(body.retryable === false ? { retryable: false } : {}),
    });
  }

  /**
   * Hands back an attempt this worker will not finish (it is stopping): the step is assigned again
   * at once as a new attempt, and the hand-back does not count against the reassignment limit.
   * Handing back an attempt that already finished changes nothing.
   */
  @Post(':id/released')
  @Requires('step-runs:report')
  @HttpCode(200)
  released(@Scope() scope: RequestScope, @Param('id') id: string, @Body() body: StepReleasedDto) {
    return this.report(scope, id, body.attempt, { outcome: 'released' });
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
      return this.reportOnFinishedRun(tenant, namespace, actor, stepRunId, attempt, report);
    }
  }

  /** The run left the dispatcher's memory: a repeated final report is answered from the read model. */
  private async reportOnFinishedRun(
    tenant: string,
    namespace: string,
    actor: string,
    stepRunId: string,
    attempt: number,
    report: StepReport,
  ) {
    await this.runner.catchUp(2_000).catch(() => undefined);
    const row = await this.stepRuns.findOneBy({ stepRunId, tenant, namespace });
    if (!row) throw notFound('step run', stepRunId);
    if (
      row.attempt === attempt &&
      (row.status === report.outcome || report.outcome === 'started' || report.outcome === 'released')
    ) {
      return { stepRunId, status: row.status };
    }
    const command = { tenant, namespace, actor, stepRunId, attempt, report };
    const refusal = await this.lateReportView(row);
    if (refusal) await this.dispatcher.recordLateReport(refusal, command).catch(() => undefined);
    throw conflict(`step run "${stepRunId}" is already ${row.status} (attempt ${row.attempt})`);
  }

  /** The refusal rule's view of a step whose run finished, from the read model. */
  private async lateReportView(row: StepRunEntity): Promise<StepAttempts | undefined> {
    const run = await this.runs.findOneBy({ runId: row.runId });
    if (!run) return undefined;
    const attempts = await this.assignments.find({ where: { stepRunId: row.stepRunId } });
    const recorded = await this.refusals.find({ where: { stepRunId: row.stepRunId } });
    return {
      runId: row.runId,
      tenant: row.tenant,
      namespace: row.namespace,
      correlationId: run.eventId,
      stepRunId: row.stepRunId,
      currentAttempt: row.attempt,
      currentHeld: row.workerId !== null,
      workerOf: (attempt) => attempts.find((a) => a.attempt === attempt)?.workerId,
      refusalRecorded: (attempt, outcome) => recorded.some((r) => r.attempt === attempt && r.outcome === outcome),
    };
  }
}
