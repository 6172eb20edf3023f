import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RequestScope, Requires, Scope } from '@wharf/auth';
import { ProjectionRunner } from '@wharf/projections';
import { notFound, requireTenantScope } from '@wharf/service-kit';
import { AssignmentEntity } from '../read-model/assignment.entity';
import { RefusedReportEntity } from '../read-model/refused-report.entity';
import { RunEntity } from '../read-model/run.entity';
import { StepRunEntity } from '../read-model/step-run.entity';
import { ListRunsQuery } from './list-runs.query';

function runSummary(run: RunEntity) {
  return {
    runId: run.runId,
    workflow: run.workflow,
    workflowVersion: run.workflowVersion,
    status: run.status,
    eventId: run.eventId,
    eventKey: run.eventKey,
    namespace: run.namespace,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
  };
}

@ApiTags('runs')
@ApiBearerAuth()
@Controller('api/v1/runs')
export class RunsController {
  constructor(
    private readonly runner: ProjectionRunner,
    @InjectRepository(RunEntity) private readonly runs: Repository<RunEntity>,
    @InjectRepository(StepRunEntity) private readonly stepRuns: Repository<StepRunEntity>,
    @InjectRepository(AssignmentEntity) private readonly assignments: Repository<AssignmentEntity>,
    @InjectRepository(RefusedReportEntity) private readonly refusals: Repository<RefusedReportEntity>,
  ) {}

  @Get()
  @Requires('runs:read')
  async list(@Scope() scope: RequestScope, @Query() query: ListRunsQuery) {
    const { tenant, namespace } = requireTenantScope(scope);
    const rows = await this.runs.find({
      where: {
        tenant,
        namespace,
        ...(query.status ? { status: query.status } : {}),
        ...(query.workflow ? { workflow: query.workflow } : {}),
      },
      order: { startedSeq: 'DESC' },
      take: query.limit ?? 50,
    });
    return rows.map(runSummary);
  }

  /** The run with each step and every assignment of it: worker, time, attempt, outcome. */
  @Get(':id')
  @Requires('runs:read')
  async get(@Scope() scope: RequestScope, @Param('id') id: string) {
    const { tenant, namespace } = requireTenantScope(scope);
    let run = await this.runs.findOneBy({ runId: id, tenant, namespace });
    if (!run) {
      await this.runner.catchUp(2_000).catch(() => undefined);
      run = await this.runs.findOneBy({ runId: id, tenant, namespace });
    }
    if (!run) throw notFound('run', id);
    const steps = await this.stepRuns.find({ where: { runId: id }, order: { position: 'ASC' } });
    const assignments = await this.assignments.find({ where: { runId: id }, order: { seq: 'ASC' } });
    const refusals = await this.refusals.find({ where: { runId: id }, order: { seq: 'ASC' } });
    return {
      ...runSummary(run),
      input: run.input,
      output: run.output,
      error: run.error,
      steps: steps.map((s) => ({
        stepRunId: s.stepRunId,
        step: s.step,
        action: s.action,
        status: s.status,
        attempt: s.attempt,
        output: s.output,
        error: s.error,
        assignments: assignments
          .filter((a) => a.stepRunId === s.stepRunId)
          .map((a) => ({
            attempt: a.attempt,
            workerId: a.workerId,
            workerName: a.workerName,
            strategy: a.strategy,
            candidates: a.candidates.length,
            draw: a.draw,
            reason: a.reason,
            outcome: a.outcome,
            assignedAt: a.assignedAt,
            startedAt: a.startedAt,
            finishedAt: a.finishedAt,
            seq: a.seq,
          })),
        // Reports on attempts that were no longer current: refused, never applied.
        refusedReports: refusals
          .filter((r) => r.stepRunId === s.stepRunId)
          .map((r) => ({
            attempt: r.attempt,
            currentAttempt: r.currentAttempt,
            workerId: r.workerId,
            outcome: r.outcome,
            reason: r.reason,
            refusedAt: r.refusedAt,
            seq: r.seq,
          })),
      })),
    };
  }
}
