import { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, payloadTooLarge, unsupportedMediaType } from './http-errors-helpers';
import { jsonNestingExceeds } from './json-depth';
import { RequestLimits } from './request-limits';

export type JsonBodyLimits = Pick<RequestLimits, 'maxBodyBytes' | 'maxJsonDepth'>;

/** body-parser passes a thrown error on with this status and type (instead of its own 403). */
class JsonBodyRefusal extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
  ) {
    super(type);
  }
}

const TOO_DEEP = 'wharf.json.too-deep';
const NOT_UTF8 = 'wharf.json.not-utf-8';

/**
 * body-parser's `verify` for JSON bodies: it sees the raw bytes before they are parsed, so a body
 * nested deeper than `maxJsonDepth` is refused without ever being parsed or validated. JSON must be
 * UTF-8 (RFC 8259 §8.1); refusing UTF-16 and UTF-32, which body-parser would decode, is also what
 * lets the depth scan read the bytes as they are.
 */
export function verifyJsonBody(
  maxJsonDepth: number,
): (req: IncomingMessage, res: ServerResponse, body: Buffer, encoding: string) => void {
  return (_req, _res, body, encoding) => {
    if (encoding !== 'utf-8') throw new JsonBodyRefusal(415, NOT_UTF8);
    if (jsonNestingExceeds(body, maxJsonDepth)) throw new JsonBodyRefusal(400, TOO_DEEP);
  };
}

/**
 * The HttpException Wharf answers for an error of the JSON body parser — too large (413), too deep
 * or malformed (400), not UTF-8 (415) — naming the field and the rule; any other error as it came.
 */
export function jsonBodyError(err: unknown, limits: JsonBodyLimits): unknown {
  switch ((err as { type?: unknown } | undefined)?.type) {
    case 'entity.too.large':
      return payloadTooLarge('body', `at most ${limits.maxBodyBytes} bytes`);
    case TOO_DEEP:
      return badRequest('body', `nested at most ${limits.maxJsonDepth} levels deep`);
    case 'entity.parse.failed':
      return badRequest('body', 'must be valid JSON');
    case NOT_UTF8:
    case 'charset.unsupported':
      return unsupportedMediaType('content-type', 'JSON must be sent as UTF-8');
    default:
      return err;
  }
}
