import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpException,
  Logger,
  ValidationError,
} from '@nestjs/common';
import { NameRuleError } from '@wharf/names';
import { AppendConflictError } from '@wharf/event-store';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  field?: string;
  rule?: string;
  errors?: { field: string; rule: string }[];
}

function flatten(errors: ValidationError[], parent = ''): { field: string; rule: string }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((rule) => ({ field, rule }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** ValidationPipe's exceptionFactory: a 400 naming the first broken field and rule, and all others. */
export function validationException(errors: ValidationError[]): BadRequestException {
  const all = flatten(errors);
  const first = all[0] ?? { field: 'body', rule: 'is invalid' };
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: `${first.field}: ${first.rule}`,
    field: first.field,
    rule: first.rule,
    errors: all,
  } satisfies ErrorBody);
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

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
    // body-parser errors (malformed JSON, body too large) carry a status and a type.
    const err = exception as { status?: number; type?: string; message?: string };
    if (err && typeof err.status === 'number' && err.status >= 400 && err.status < 500) {
      if (err.type === 'entity.too.large') {
        return {
          statusCode: 413,
          error: STATUS_TEXT[413],
          message: 'request body is larger than the limit',
          field: 'body',
          rule: `must be at most WHARF_MAX_BODY_BYTES bytes`,
        };
      }
      if (err.type === 'entity.parse.failed') {
        return {
          statusCode: 400,
          error: STATUS_TEXT[400],
          message: 'request body is not valid JSON',
          field: 'body',
          rule: 'must be valid JSON',
        };
      }
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
