import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { RequestScope, Requires, Scope } from '@wharf/auth';
import { VerificationReport } from '@wharf/history';
import { DEFAULT_SEALS_LIMIT, ListSealsQuery } from './dtos/list-seals.query';
import { SealView } from './dtos/seal.view';
import { VerifyHistoryQuery } from './dtos/verify-history.query';
import { ListSealsCommand } from './usecases/list-seals/list-seals.command';
import { ListSealsUseCase } from './usecases/list-seals/list-seals.usecase';
import { VerifyHistoryCommand } from './usecases/verify-history/verify-history.command';
import { VerifyHistoryUseCase } from './usecases/verify-history/verify-history.usecase';
import { CONTENT_TYPES, verifyAnswerFormat, verifyAnswerPart } from './verify-answer';

@ApiTags('history')
@ApiBearerAuth()
@Controller('api/v1/history')
export class HistoryController {
  constructor(
    private readonly verifyHistory: VerifyHistoryUseCase,
    private readonly listSeals: ListSealsUseCase,
  ) {}

  /**
   * Verifies the tenant's history against its seals. `Accept: application/x-ndjson` streams
   * `{"progress":{"checked","total"}}` lines, then `{"report":…}`; `text/event-stream` sends the
   * same as `progress` and `report` events; anything else gets the report as JSON.
   */
  @Get('verify')
  @Requires('history:verify')
  @ApiProduces('application/json', 'application/x-ndjson', 'text/event-stream')
  @ApiOkResponse({
    description:
      "The verification report: {tenant, intact, seals, sealedEvents, unsealedEvents, checkedEvents, findings, findingsCount, first, lastSealHash, lastSealIndex}. The tenant is the token's own, or the one the operator names with X-Wharf-Tenant; a token bound to a namespace gets a 403.",
  })
  async verify(
    @Scope() scope: RequestScope,
    @Query() query: VerifyHistoryQuery,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const format = verifyAnswerFormat(req.headers.accept);
    const aborted = new AbortController();
    const command = (onProgress?: VerifyHistoryCommand['onProgress']) =>
      new VerifyHistoryCommand(scope, query.anchor, onProgress, aborted.signal);
    const tenant = await this.verifyHistory.tenantOf(command());
    if (format === 'json') {
      res.status(200).json(await this.verifyHistory.execute(command(), tenant));
      return;
    }
    res.status(200);
    res.setHeader('Content-Type', CONTENT_TYPES[format]);
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    req.socket.setTimeout(0);
    res.on('close', () => {
      if (!res.writableFinished) aborted.abort();
    });
    let report: VerificationReport;
    try {
      report = await this.verifyHistory.execute(
        command((progress) => res.write(verifyAnswerPart(format, { progress }))),
        tenant,
      );
    } catch (err) {
      if (!aborted.signal.aborted) {
        res.end(verifyAnswerPart(format, { error: { message: `verification failed: ${(err as Error).message}` } }));
      }
      return;
    }
    res.end(verifyAnswerPart(format, { report }));
  }

  @Get('seals')
  @Requires('history:verify')
  @ApiOkResponse({ type: [SealView], description: "The tenant's seals in chain order, without their entries." })
  seals(@Scope() scope: RequestScope, @Query() query: ListSealsQuery): Promise<SealView[]> {
    return this.listSeals.execute(new ListSealsCommand(scope, query.after ?? 0, query.limit ?? DEFAULT_SEALS_LIMIT));
  }
}
