// No Nest import here: the edge (plain node:http) answers client errors the same way.
import { Server } from 'node:http';
import { Duplex } from 'node:stream';

const ANSWERS: Readonly<Record<string, { status: number; error: string }>> = {
  HPE_HEADER_OVERFLOW: { status: 431, error: 'Request Header Fields Too Large' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, error: 'Request Timeout' },
};
const MALFORMED = { status: 400, error: 'Bad Request' };

/** The raw HTTP answer to a request node refused before it became a request (no route ever sees it). */
export function clientErrorAnswer(code: string | undefined, maxHeaderBytes: number): string {
  const { status, error } = (code !== undefined && ANSWERS[code]) || MALFORMED;
  const body = JSON.stringify(
    status === 431
      ? {
          statusCode: status,
          error,
          message: `headers: at most ${maxHeaderBytes} bytes`,
          field: 'headers',
          rule: `at most ${maxHeaderBytes} bytes`,
        }
      : {
          statusCode: status,
          error,
          message: status === 408 ? 'the request took too long to arrive' : 'malformed HTTP request',
        },
  );
  return [
    `HTTP/1.1 ${status} ${error}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * Answers what node refuses before any handler runs — headers over the server's `maxHeaderSize`
 * (431, naming `maxHeaderBytes`), a request too slow to arrive (408), malformed HTTP (400) — with a
 * Wharf JSON error instead of node's bare status line, then closes the connection.
 */
export function answerClientErrorsAsJson(server: Server, maxHeaderBytes: number): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // As node's own answer does: say nothing on a connection that is gone or whose response has
    // begun (a pipelined request), where more bytes would corrupt what the client reads.
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    socket.end(clientErrorAnswer(err.code, maxHeaderBytes), () => socket.destroy());
  });
}
