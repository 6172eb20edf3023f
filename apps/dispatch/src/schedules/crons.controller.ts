import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { RequestScope, Requires, Scope } from '@wharf/auth';
import { assertName } from '@wharf/names';
import { badRequest, conflict, notFound, requireTenantScope } from '@wharf/service-kit';
import { CronState, decideCron } from './domain/cron.decider';
import { expressionViolation, timezoneViolation } from './domain/cron-ticks';
import { ScheduleRejection } from './domain/schedule-rejection';
import { CreateCronDto } from './create-cron.dto';
import { Scheduler } from './scheduler.service';

/** A rule refusal as the HTTP answer it maps to. */
export function httpOf(err: unknown, what: string, id: string): unknown {
  if (err instanceof ScheduleRejection) return err.status === 404 ? notFound(what, id) : conflict(err.message);
  return err;
}

@ApiTags('crons')
@ApiBearerAuth()
@Controller('api/v1/crons')
export class CronsController {
  constructor(private readonly scheduler: Scheduler) {}

  /** Creates a cron in the request's namespace: every tick pushes `eventKey` there. */
  @Post()
  @Requires('schedules:write')
  @HttpCode(201)
  async create(@Scope() scope: RequestScope, @Body() body: CreateCronDto) {
    const { tenant, namespace, actor } = requireTenantScope(scope);
    const expression = expressionViolation(body.expression);
    if (expression !== null) throw badRequest('expression', expression);
    const timezone = timezoneViolation(body.timezone ?? 'UTC');
    if (timezone !== null) throw badRequest('timezone', timezone);
    const cron = await this.scheduler.cron({ tenant, namespace }, body.name);
    try {
      const events = decideCron(
        {
          type: 'create',
          definition: {
            cronId: randomUUID(),
            name: body.name,
            expression: body.expression.trim().split(/\s+/).join(' '),
            timezone: body.timezone ?? 'UTC',
            eventKey: body.eventKey,
            payload: body.payload ?? null,
            missedTicks: body.missedTicks ?? 'skip',
          },
        },
        cron.state,
      );
      return this.view(await this.scheduler.recordCron(cron, events, actor));
    } catch (err) {
      throw httpOf(err, 'cron', body.name);
    }
  }

  @Get()
  @Requires('schedules:read')
  async list(@Scope() scope: RequestScope) {
    const { tenant, namespace } = requireTenantScope(scope);
    const crons = await this.scheduler.cronsOf({ tenant, namespace });
    return crons.map((c) => this.view(c)).sort((a, b) => a.name.localeCompare(b.name));
  }

  @Get(':name')
  @Requires('schedules:read')
  async get(@Scope() scope: RequestScope, @Param('name') name: string) {
    const { tenant, namespace } = requireTenantScope(scope);
    assertName('cron', name, 'name');
    const cron = await this.scheduler.cron({ tenant, namespace }, name);
    if (cron.state.cron === null) throw notFound('cron', name);
    return this.view(cron);
  }

  /** Deletes the cron: no tick after this one fires. */
  @Delete(':name')
  @Requires('schedules:write')
  async remove(@Scope() scope: RequestScope, @Param('name') name: string) {
    const { tenant, namespace, actor } = requireTenantScope(scope);
    assertName('cron', name, 'name');
    const cron = await this.scheduler.cron({ tenant, namespace }, name);
    const shown = cron.state.cron === null ? null : this.view(cron);
    try {
      await this.scheduler.recordCron(cron, decideCron({ type: 'delete', name }, cron.state), actor);
    } catch (err) {
      throw httpOf(err, 'cron', name);
    }
    return { ...shown, deleted: true };
  }

  private view(cron: { namespace: string; state: CronState; createdAt: string }) {
    const c = cron.state.cron;
    if (c === null) throw new Error('a deleted cron has no view');
    return {
      name: c.name,
      namespace: cron.namespace,
      expression: c.expression,
      timezone: c.timezone,
      eventKey: c.eventKey,
      payload: c.payload,
      missedTicks: c.missedTicks,
      createdAt: c.createdAt,
      lastTick: c.lastTick,
      nextTick: this.scheduler.nextTickOf(cron as Parameters<Scheduler['nextTickOf']>[0]),
    };
  }
}
