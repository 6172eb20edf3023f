import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, ValidationError } from '@nestjs/common';
import { NameRuleError } from '@wharf/names';
import { AppendConflictError } from '@wharf/event-store';
import { MAX_JSON_BYTES } from './max-json-bytes.decorator';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  field?: string;
  rule?: string;
  errors?: { field: string; rule: string }[];
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

interface Violation {
  field: string;
  rule: string;
  constraint: string;
}

function flatten(errors: ValidationError[], parent = ''): Violation[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([constraint, rule]) => ({ field, rule, constraint }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Constraints that a value breaks by being too large rather than malformed. */
const TOO_LARGE_CONSTRAINTS: ReadonlySet<string> = new Set([MAX_JSON_BYTES]);

/**
 * ValidationPipe's exceptionFactory: names the first broken field and rule, and all others. A
 * value over a size limit makes it a 413 naming that value (the request is too large whatever else
 * is wrong with it); anything else is a 400.
 */
export function validationException(errors: ValidationError[]): HttpException {
  const all = flatten(errors);
  const tooLarge = all.find((v) => TOO_LARGE_CONSTRAINTS.has(v.constraint));
  const first = tooLarge ?? all[0] ?? { field: 'body', rule: 'is invalid' };
  const status = tooLarge ? 413 : 400;
  return new HttpException(
    {
      statusCode: status,
      error: STATUS_TEXT[status],
      message: `${first.field}: ${first.rule}`,
      field: first.field,
      rule: first.rule,
      errors: all.map(({ field, rule }) => ({ field, rule })),
    } satisfies ErrorBody,
    status,
  );
}

/** Every error leaves as JSON `{statusCode, error, message, field?, rule?}`. */
@Catch()
export class JsonErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<{
      headersSent: boolean;
      status(code: number): { json(body: unknown): void };
    }>();
    if (response.headersSent) return;
    const body = this.toBody(exception);
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof NameRuleError) {
      return {
        statusCode: 400,
        error: 'Bad Request',
        message: exception.message,
        field: exception.field,
        rule: exception.rule,
      };
    }
    if (exception instanceof AppendConflictError) {
      return { statusCode: 409, error: 'Conflict', message: 'the resource changed concurrently; retry the request' };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const res = exception.getResponse();
      if (typeof res === 'object' && res !== null && 'message' in res && typeof res.message === 'string') {
        return { error: STATUS_TEXT[status] ?? 'Error', ...(res as object), statusCode: status } as ErrorBody;
      }
      return { statusCode: status, error: STATUS_TEXT[status] ?? 'Error', message: exception.message };
    }
    // Other body-parser errors (configureHttp names the JSON parser's own) carry a status.
    const err = exception as { status?: number; message?: string };
    if (err && typeof err.status === 'number' && err.status >= 400 && err.status < 500) {
      return {
        statusCode: err.status,
        error: STATUS_TEXT[err.status] ?? 'Error',
        message: err.message ?? 'bad request',
      };
    }
    this.logger.error((exception as Error)?.stack ?? String(exception));
    return { statusCode: 500, error: STATUS_TEXT[500], message: 'internal error' };
  }
}
