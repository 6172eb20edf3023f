import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RequestScope, Requires, Scope } from '@wharf/auth';
import { Provenance } from '@wharf/events';
import { ProjectionRunner } from '@wharf/projections';
import { notFound, requireTenantScope } from '@wharf/service-kit';
import { Dispatcher } from '../dispatch/dispatcher.service';
import { EventEntity } from '../read-model/event.entity';
import { PushEventDto } from './push-event.dto';

@ApiTags('events')
@ApiBearerAuth()
@Controller('api/v1/events')
export class EventsController {
  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly runner: ProjectionRunner,
    @InjectRepository(EventEntity) private readonly events: Repository<EventEntity>,
  ) {}

  /** Records the event and starts a run for every workflow of the namespace it triggers. */
  @Post()
  @Requires('events:push')
  @HttpCode(202)
  async push(@Scope() scope: RequestScope, @Body() body: PushEventDto) {
    const { tenant, namespace, actor } = requireTenantScope(scope);
    const result = await this.dispatcher.push({
      tenant,
      namespace,
      actor,
      key: body.key,
      payload: body.payload ?? null,
      metadata: body.metadata ?? {},
    });
    return { eventId: result.eventId, key: body.key, namespace, seq: result.seq, runs: result.runs };
  }

  @Get(':id')
  @Requires('events:read')
  async get(@Scope() scope: RequestScope, @Param('id') id: string) {
    const { tenant, namespace } = requireTenantScope(scope);
    let row = await this.events.findOneBy({ eventId: id, tenant, namespace });
    if (!row) {
      await this.runner.catchUp(2_000).catch(() => undefined);
      row = await this.events.findOneBy({ eventId: id, tenant, namespace });
    }
    if (!row) throw notFound('event', id);
    return {
      eventId: row.eventId,
      key: row.key,
      namespace: row.namespace,
      payload: row.payload,
      metadata: row.metadata,
      pushedAt: row.pushedAt,
      seq: row.seq,
      runs: row.runs.map((r) => r.runId),
      provenance: row.provenance ?? null,
    };
  }

  /**
   * Pushes the event again as a new event (new id) with its key, payload and metadata, routed
   * against the namespace's current workflows, and its provenance. Answers like a push.
   */
  @Post(':id/replay')
  @Requires('events:push')
  @HttpCode(202)
  async replay(@Scope() scope: RequestScope, @Param('id') id: string) {
    const { tenant, namespace, actor } = requireTenantScope(scope);
    let row = await this.events.findOneBy({ eventId: id, tenant, namespace });
    if (!row) {
      await this.runner.catchUp(2_000).catch(() => undefined);
      row = await this.events.findOneBy({ eventId: id, tenant, namespace });
    }
    if (!row) throw notFound('event', id);
    const provenance: Provenance = { kind: 'event', tenant, namespace, eventId: row.eventId, seq: row.seq };
    const result = await this.dispatcher.push({
      tenant,
      namespace,
      actor,
      key: row.key,
      payload: row.payload,
      metadata: row.metadata,
      provenance,
    });
    return { eventId: result.eventId, key: row.key, namespace, seq: result.seq, runs: result.runs, provenance };
  }
}
