import { ServerResponse } from 'node:http';

const STATUS_TEXT: Record<number, string> = { 404: 'Not Found', 413: 'Payload Too Large', 502: 'Bad Gateway' };

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

/** Errors in the shape every Wharf service uses: `{statusCode, error, message, field?, rule?}`. */
export function sendJsonError(
  res: ServerResponse,
  status: number,
  message: string,
  broken?: { field: string; rule: string },
): void {
  sendJson(res, status, { statusCode: status, error: STATUS_TEXT[status] ?? 'Error', message, ...broken });
}
