import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { bearerToken, RequestScope, Requires, Scope, TokenDirectory } from '@wharf/auth';
import { notFound, requireTenantScope } from '@wharf/service-kit';
import { Dispatcher } from '../dispatch/dispatcher.service';

const KEEP_ALIVE_MS = 15_000;
/** How often a held stream checks its token again, so an expiry ends it without a token event. */
const TOKEN_RECHECK_MS = 1_000;

@ApiTags('workers')
@ApiBearerAuth()
@Controller('api/v1/workers')
export class AssignmentsController {
  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly tokens: TokenDirectory,
  ) {}

  /**
   * Server-sent events: one `assignment` message per step given to the worker. On every
   * (re)connection the unfinished assignments of the worker come first, so nothing is lost while
   * a worker is disconnected; the worker ignores what it already runs. The stream lives only as
   * long as its token: it ends as soon as the token is revoked, expires or its tenant is archived
   * (the worker's reconnection then gets the 401), so no assignment reaches a refused token.
   * A `cancel` message `{runId, stepRunId, attempt, reason}` tells the worker to stop an attempt.
   */
  @Get(':id/assignments')
  @Requires('assignments:receive')
  @ApiProduces('text/event-stream')
  async stream(@Scope() scope: RequestScope, @Param('id') workerId: string, @Req() req: Request, @Res() res: Response) {
    const { tenant, namespace } = requireTenantScope(scope);
    const belongs = () => {
      const worker = this.dispatcher.view.workers.get(workerId);
      return worker !== undefined && worker.tenant === tenant && worker.namespace === namespace;
    };
    if (!belongs()) {
      await this.dispatcher.catchUp(2_000).catch(() => undefined);
      if (!belongs()) throw notFound('worker', workerId);
    }
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    req.socket.setTimeout(0);
    res.write('retry: 1000\n\n');
    let open = true;
    const token = bearerToken(req.headers.authorization) ?? '';
    const recheck = () => {
      void this.tokens.authenticate(token).then((authentication) => {
        if (authentication.ok || !open) return;
        open = false;
        res.end();
      });
    };
    const unsubscribe = await this.dispatcher.subscribe(workerId, ({ event, data }) => {
      if (!open) return;
      // `cancel`: stop that attempt (its run was cancelled, or it ran past its execution timeout).
      const id = event === 'assignment' ? `id: ${data.stepRunId}:${data.attempt}\n` : '';
      res.write(`event: ${event}\n${id}data: ${JSON.stringify(data)}\n\n`);
    });
    const stopWatching = this.tokens.onChange(recheck);
    const tokenCheck = setInterval(recheck, TOKEN_RECHECK_MS);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    res.on('close', () => {
      open = false;
      clearInterval(keepAlive);
      clearInterval(tokenCheck);
      stopWatching();
      unsubscribe();
    });
  }
}
