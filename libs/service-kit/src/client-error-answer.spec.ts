import { clientErrorAnswer } from './client-error-answer';

function parse(raw: string): { statusLine: string; headers: string[]; body: unknown } {
  const [head, body] = raw.split('\r\n\r\n');
  const [statusLine, ...headers] = head.split('\r\n');
  expect(headers).toContain(`Content-Length: ${Buffer.byteLength(body)}`);
  return { statusLine, headers, body: JSON.parse(body) };
}

describe('answers to requests node refuses before any handler', () => {
  it('headers over the limit: a 431 naming the headers and the limit, as JSON, closing the connection', () => {
    const answer = parse(clientErrorAnswer('HPE_HEADER_OVERFLOW', 4096));
    expect(answer.statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(answer.headers).toEqual(
      expect.arrayContaining(['Content-Type: application/json; charset=utf-8', 'Connection: close']),
    );
    expect(answer.body).toEqual({
      statusCode: 431,
      error: 'Request Header Fields Too Large',
      message: 'headers: at most 4096 bytes',
      field: 'headers',
      rule: 'at most 4096 bytes',
    });
  });

  it('a request too slow to arrive: 408', () => {
    expect(parse(clientErrorAnswer('ERR_HTTP_REQUEST_TIMEOUT', 4096)).body).toMatchObject({ statusCode: 408 });
  });

  it('anything else is malformed HTTP: 400', () => {
    for (const code of ['HPE_INVALID_METHOD', undefined]) {
      const answer = parse(clientErrorAnswer(code, 4096));
      expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request');
      expect(answer.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'malformed HTTP request' });
    }
  });
});
