import { Body, Controller, Get, HttpCode, HttpException, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RequestScope, Requires, Scope } from '@wharf/auth';
import { Provenance } from '@wharf/events';
import { ProjectionRunner } from '@wharf/projections';
import { conflict, notFound, requireTenantScope } from '@wharf/service-kit';
import { DispatchRejection } from '../dispatch/domain/dispatch-rejection';
import { Dispatcher, DispatcherUnavailableError } from '../dispatch/dispatcher.service';
import { AssignmentEntity } from '../read-model/assignment.entity';
import { EventEntity } from '../read-model/event.entity';
import { RefusedReportEntity } from '../read-model/refused-report.entity';
import { RunEntity } from '../read-model/run.entity';
import { StepRunEntity } from '../read-model/step-run.entity';
import { CancelRunDto } from './cancel-run.dto';
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
    private readonly dispatcher: Dispatcher,
    private readonly runner: ProjectionRunner,
    @InjectRepository(RunEntity) private readonly runs: Repository<RunEntity>,
    @InjectRepository(StepRunEntity) private readonly stepRuns: Repository<StepRunEntity>,
    @InjectRepository(AssignmentEntity) private readonly assignments: Repository<AssignmentEntity>,
    @InjectRepository(RefusedReportEntity) private readonly refusals: Repository<RefusedReportEntity>,
    @InjectRepository(EventEntity) private readonly events: Repository<EventEntity>,
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

  /**
   * Cancels an unfinished run: `run.cancelled`; the worker running its step gets a cancel signal
   * and its late report is refused. A finished run is a 409; a run already cancelled a 200 that
   * records nothing.
   */
  @Post(':id/cancel')
  @Requires('events:push')
  @HttpCode(200)
  async cancel(@Scope() scope: RequestScope, @Param('id') id: string, @Body() body: CancelRunDto) {
    const { tenant, namespace, actor } = requireTenantScope(scope);
    try {
      return await this.dispatcher.cancel({ tenant, namespace, actor, runId: id, reason: body.reason });
    } catch (err) {
      if (err instanceof DispatcherUnavailableError)
        throw new HttpException({ statusCode: 503, error: 'Service Unavailable', message: err.message }, 503);
      if (!(err instanceof DispatchRejection)) throw err;
    }
    await this.runner.catchUp(2_000).catch(() => undefined);
    const run = await this.runs.findOneBy({ runId: id, tenant, namespace });
    if (!run) throw notFound('run', id);
    if (run.status === 'cancelled') return { runId: id, status: 'cancelled' };
    if (run.status === 'running') {
      const message = `run "${id}" is not known to the dispatcher yet; retry`;
      throw new HttpException({ statusCode: 503, error: 'Service Unavailable', message }, 503);
    }
    throw conflict(`run "${id}" is already ${run.status}: only an unfinished run can be cancelled`);
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
    const event = await this.events.findOne({ where: { eventId: run.eventId }, select: { provenance: true } });
    return {
      ...runSummary(run),
      // Where the event that started the run came from, when it was replayed or pushed again.
      provenance: event?.provenance ?? null,
      input: run.input,
      output: run.output,
      error: run.error,
      cancellation:
        run.status === 'cancelled' ? { reason: run.cancelReason, by: run.cancelledBy, at: run.finishedAt } : null,
      steps: steps.map((s) => ({
        stepRunId: s.stepRunId,
        step: s.step,
        action: s.action,
        status: s.status,
        attempt: s.attempt,
        output: s.output,
        error: s.error,
        // Due time of the next attempt while the step waits for a retry; null otherwise.
        retryAt: s.retryAt ?? null,
        timeouts: s.timeouts ?? [],
        retries: s.retries ?? [],
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

  /**
   * Runs the run again: a new event with the run's event key and input, routed to the run's
   * workflow alone (its current version), with the run as provenance. Answers the new event and run.
   */
  @Post(':id/replay')
  @Requires('events:push')
  @HttpCode(202)
  async replay(@Scope() scope: RequestScope, @Param('id') id: string) {
    const { tenant, namespace, actor } = requireTenantScope(scope);
    let run = await this.runs.findOneBy({ runId: id, tenant, namespace });
    if (!run) {
      await this.runner.catchUp(2_000).catch(() => undefined);
      run = await this.runs.findOneBy({ runId: id, tenant, namespace });
    }
    if (!run) throw notFound('run', id);
    const source = await this.events.findOne({ where: { eventId: run.eventId }, select: { seq: true } });
    const provenance: Provenance = {
      kind: 'run',
      tenant,
      namespace,
      eventId: run.eventId,
      seq: source?.seq ?? 0,
      runId: run.runId,
    };
    const result = await this.dispatcher.push({
      tenant,
      namespace,
      actor,
      key: run.eventKey,
      payload: run.input,
      metadata: {},
      provenance,
      onlyWorkflow: run.workflow,
    });
    return { eventId: result.eventId, runId: result.runs[0] ?? null, seq: result.seq, provenance };
  }
}
