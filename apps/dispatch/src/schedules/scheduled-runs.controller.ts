import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { RequestScope, Requires, Scope } from '@wharf/auth';
import { isoDateTimeInstant } from '@wharf/names';
import { badRequest, notFound, requireTenantScope } from '@wharf/service-kit';
import { httpOf } from './crons.controller';
import { CreateScheduledRunDto } from './create-scheduled-run.dto';
import { scheduledRunId } from './domain/fired-events';
import { decideSchedule, ScheduleState } from './domain/schedule.decider';
import { Scheduler } from './scheduler.service';

const idPipe = new ParseUUIDPipe({ exceptionFactory: () => badRequest('id', 'must be a scheduled run id (a UUID)') });

@ApiTags('scheduled-runs')
@ApiBearerAuth()
@Controller('api/v1/scheduled-runs')
export class ScheduledRunsController {
  constructor(private readonly scheduler: Scheduler) {}

  /** Schedules a run of `workflow` in the request's namespace at `at` (a time past fires at once). */
  @Post()
  @Requires('schedules:write')
  @HttpCode(201)
  async create(@Scope() scope: RequestScope, @Body() body: CreateScheduledRunDto) {
    const { tenant, namespace, actor } = requireTenantScope(scope);
    const at = isoDateTimeInstant(body.at);
    if (at === null)
      throw badRequest('at', 'must be an ISO 8601 date-time with a time zone, such as 2030-01-31T09:00:00Z');
    const scheduleId = randomUUID();
    const schedule = await this.scheduler.schedule({ tenant, namespace }, scheduleId);
    const events = decideSchedule(
      {
        type: 'create',
        schedule: { scheduleId, workflow: body.workflow, at: new Date(at).toISOString(), input: body.input ?? null },
      },
      schedule.state,
    );
    return this.view(await this.scheduler.recordSchedule(schedule, events, actor));
  }

  @Get()
  @Requires('schedules:read')
  async list(@Scope() scope: RequestScope) {
    const { tenant, namespace } = requireTenantScope(scope);
    const schedules = await this.scheduler.schedulesOf({ tenant, namespace });
    return schedules.map((s) => this.view(s)).sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  }

  @Get(':id')
  @Requires('schedules:read')
  async get(@Scope() scope: RequestScope, @Param('id', idPipe) id: string) {
    const { tenant, namespace } = requireTenantScope(scope);
    const schedule = await this.scheduler.schedule({ tenant, namespace }, id);
    if (schedule.state.schedule === null) throw notFound('scheduled run', id);
    return this.view(schedule);
  }

  /** Cancels a scheduled run that has not fired; 409 once it fired. */
  @Delete(':id')
  @Requires('schedules:write')
  async cancel(@Scope() scope: RequestScope, @Param('id', idPipe) id: string) {
    const { tenant, namespace, actor } = requireTenantScope(scope);
    const schedule = await this.scheduler.schedule({ tenant, namespace }, id);
    try {
      const events = decideSchedule({ type: 'cancel', scheduleId: id }, schedule.state);
      return this.view(events.length === 0 ? schedule : await this.scheduler.recordSchedule(schedule, events, actor));
    } catch (err) {
      throw httpOf(err, 'scheduled run', id);
    }
  }

  private view(schedule: { namespace: string; state: ScheduleState; createdAt: string }) {
    const s = schedule.state.schedule;
    if (s === null) throw new Error('an unknown scheduled run has no view');
    return {
      id: s.scheduleId,
      namespace: schedule.namespace,
      workflow: s.workflow,
      at: s.at,
      input: s.input,
      status: s.status,
      createdAt: schedule.createdAt,
      eventId: s.eventId,
      runId: s.eventId === null ? null : scheduledRunId(s.eventId, s.workflow),
    };
  }
}
