import { Agent, IncomingMessage, request, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { clientResponseHeaders, upstreamRequestHeaders } from './forwarded-headers';
import { sendJsonError } from './json-response';
import { pathOf, Upstream } from './route-for';

function isEventStream(res: IncomingMessage): boolean {
  return String(res.headers['content-type'] ?? '')
    .toLowerCase()
    .startsWith('text/event-stream');
}

/**
 * Forwards one request to a service and streams the answer back as it comes. Server-sent event
 * streams get their headers at once and no timeouts (a worker's assignment stream stays open for
 * hours); a client that goes away closes the upstream request too, so the service sees it leave.
 * Event-stream responses are handed to `onStream` so that shutdown can end them.
 */
export function proxy(
  req: IncomingMessage,
  res: ServerResponse,
  service: Upstream,
  base: URL,
  agent: Agent,
  onStream: (res: ServerResponse) => void,
): void {
  const upstream = request({
    protocol: base.protocol,
    hostname: base.hostname,
    port: base.port,
    method: req.method,
    path: `${base.pathname.replace(/\/$/, '')}${req.url ?? '/'}`,
    headers: upstreamRequestHeaders(req.headers, req.socket.remoteAddress),
    agent,
  });

  upstream.once('response', (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.statusMessage, clientResponseHeaders(answer.headers));
    if (isEventStream(answer)) {
      req.socket.setTimeout(0);
      req.socket.setNoDelay(true);
      answer.socket.setTimeout(0);
      answer.socket.setNoDelay(true);
      res.flushHeaders();
      onStream(res);
    }
    // A failure on either side destroys both: the client sees a cut response, never a truncated "success".
    pipeline(answer, res, () => undefined);
  });

  upstream.once('error', (err: NodeJS.ErrnoException) => {
    if (res.destroyed) return; // the client left first; nobody to answer
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const reason = err.code ?? err.message;
    console.warn(`edge: ${req.method} ${pathOf(req.url ?? '/')}: the ${service} service is unavailable (${reason})`);
    sendJsonError(res, 502, `the ${service} service is unavailable (${reason}); try again once it is running`);
  });

  res.once('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });

  req.pipe(upstream);
}
