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
 * Reads the whole request body, so that a request can be sent again; null when it is larger than
 * `maxBytes` (what is over is read and dropped, so the client is answered after it has sent it all)
 * or the client failed.
 */
function readBody(req: IncomingMessage, maxBytes: number, onBody: (body: Buffer | null) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
  });
  req.once('end', () => onBody(size > maxBytes ? null : Buffer.concat(chunks)));
  req.once('error', () => onBody(null));
}

/**
 * Forwards one request to a service and streams the answer back as it comes. Server-sent event
 * streams get their headers at once and no timeouts (a worker's assignment stream stays open for
 * hours); a client that goes away closes the upstream request too, so the service sees it leave.
 * Event-stream responses are handed to `onStream` so that shutdown can end them.
 *
 * The request body is read first, so a request that met a kept-alive connection the service had
 * just closed (ECONNRESET on a reused socket) is sent once more on a fresh one. A body over
 * `maxBodyBytes` (WHARF_MAX_BODY_BYTES, the services' limit too) is answered here with the 413 a
 * service would give, and never buffered.
 */
export function proxy(
  req: IncomingMessage,
  res: ServerResponse,
  service: Upstream,
  base: URL,
  agent: Agent,
  onStream: (res: ServerResponse) => void,
  maxBodyBytes: number,
): void {
  readBody(req, maxBodyBytes, (body) => {
    if (body === null) {
      if (!res.headersSent && !res.destroyed) {
        const rule = `at most ${maxBodyBytes} bytes`;
        sendJsonError(res, 413, `body: ${rule}`, { field: 'body', rule });
      }
      return;
    }
    forward(req, res, service, base, agent, onStream, body, true);
  });
}

function forward(
  req: IncomingMessage,
  res: ServerResponse,
  service: Upstream,
  base: URL,
  agent: Agent,
  onStream: (res: ServerResponse) => void,
  body: Buffer,
  mayRetry: boolean,
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
    if (mayRetry && upstream.reusedSocket && err.code === 'ECONNRESET') {
      forward(req, res, service, base, agent, onStream, body, false);
      return;
    }
    const reason = err.code ?? err.message;
    console.warn(`edge: ${req.method} ${pathOf(req.url ?? '/')}: the ${service} service is unavailable (${reason})`);
    sendJsonError(res, 502, `the ${service} service is unavailable (${reason}); try again once it is running`);
  });

  res.once('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });

  upstream.end(body);
}
