import { Body, Controller, Get, Headers, HttpCode, HttpException, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RequestScope, Requires, Scope, TokenDirectory } from '@wharf/auth';
import { ReplaySelection } from '@wharf/events';
import { ProjectionRunner } from '@wharf/projections';
import { notFound } from '@wharf/service-kit';
import { StartReplayDto } from './dto/start-replay.dto';
import { decideReplayAccess, TARGET_TOKEN_HEADER } from './replay-access';
import { DryRun, ReplayEngine } from './replay-engine.service';
import { ReplayEntity } from './replay.entity';
import { replayStateOf } from './replay.projection';
import { ReplayView, replayViewOf } from './replay-view';

const LIST_LIMIT = 100;

function selectionOf(body: StartReplayDto): ReplaySelection {
  const selection: ReplaySelection = { withWorkflows: body.withWorkflows ?? false };
  if (body.namespace !== undefined) selection.namespace = body.namespace;
  if (body.namespaceMap !== undefined) selection.namespaceMap = body.namespaceMap;
  if (body.since !== undefined) selection.since = body.since;
  if (body.until !== undefined) selection.until = body.until;
  if (body.key !== undefined) selection.key = body.key;
  return selection;
}

/** The header, or undefined when absent or empty. */
function single(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value.join(',') : value;
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}

@ApiTags('replays')
@ApiBearerAuth()
@Controller('api/v1/replays')
export class ReplaysController {
  constructor(
    private readonly engine: ReplayEngine,
    private readonly tokens: TokenDirectory,
    private readonly runner: ProjectionRunner,
    @InjectRepository(ReplayEntity) private readonly replays: Repository<ReplayEntity>,
  ) {}

  /**
   * Replays the source's pushed events into the target (202, running in the background), or
   * answers what would be replayed (`dryRun`: 200, nothing written). Asking for the same replay
   * again answers its recorded result, or resumes it after its last checkpoint.
   */
  @Post()
  @Requires('replays:write')
  @HttpCode(202)
  @ApiHeader({
    name: 'X-Wharf-Target-Token',
    required: false,
    description: 'an admin token of the target tenant (tenant tokens only)',
  })
  async start(
    @Scope() scope: RequestScope,
    @Body() body: StartReplayDto,
    @Headers(TARGET_TOKEN_HEADER) targetHeader: string | string[] | undefined,
    @Res({ passthrough: true }) response: { status(code: number): unknown },
  ): Promise<ReplayView | DryRun> {
    const targetToken = single(targetHeader);
    const access = decideReplayAccess({
      scope,
      from: body.from,
      to: body.to,
      create: body.create ?? false,
      target: targetToken === undefined ? undefined : await this.tokens.authenticate(targetToken),
    });
    if (!access.granted) {
      const error = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[access.statusCode];
      throw new HttpException(
        { statusCode: access.statusCode, error, message: access.message, field: access.field },
        access.statusCode,
      );
    }
    const request = {
      from: body.from,
      to: body.to,
      selection: selectionOf(body),
      create: body.create ?? false,
      actor: scope.actor,
    };
    if (body.dryRun) {
      response.status(200);
      return this.engine.plan(request);
    }
    return this.engine.start(request);
  }

  /** The replays whose source or target is the caller's tenant, newest first. */
  @Get()
  @Requires('replays:read')
  async list(@Scope() scope: RequestScope): Promise<ReplayView[]> {
    await this.runner.catchUp(2_000).catch(() => undefined);
    const rows = await this.replays.find({
      where: [{ fromTenant: scope.tenant }, { toTenant: scope.tenant }],
      order: { startedSeq: 'DESC' },
      take: LIST_LIMIT,
    });
    return rows.map((row) => this.viewOf(row));
  }

  /** One replay, for tokens of its source or its target tenant (and the operator reading in either). */
  @Get(':id')
  @Requires('replays:read')
  async get(@Scope() scope: RequestScope, @Param('id') id: string): Promise<ReplayView> {
    let row = await this.find(scope.tenant, id);
    if (row === null) {
      await this.runner.catchUp(2_000).catch(() => undefined);
      row = await this.find(scope.tenant, id);
    }
    if (row === null) throw notFound('replay', id);
    return this.viewOf(row);
  }

  private find(tenant: string, replayId: string): Promise<ReplayEntity | null> {
    return this.replays.findOne({
      where: [
        { replayId, fromTenant: tenant },
        { replayId, toTenant: tenant },
      ],
    });
  }

  private viewOf(row: ReplayEntity): ReplayView {
    const live = this.engine.live(row.replayId);
    if (live) return live;
    const view = replayViewOf(replayStateOf(row), null);
    // The deciding instance runs every replay; one it does not hold was stopped by a restart.
    if (view.status === 'running' && this.engine.decides) view.status = 'interrupted';
    return view;
  }
}
