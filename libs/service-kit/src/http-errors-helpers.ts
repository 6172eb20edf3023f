import { HttpException } from '@nestjs/common';

/** A 404 that does not reveal whether the resource exists in another tenant. */
export function notFound(what: string, id: string): HttpException {
  return new HttpException({ statusCode: 404, error: 'Not Found', message: `${what} "${id}" not found` }, 404);
}

export function forbidden(message: string): HttpException {
  return new HttpException({ statusCode: 403, error: 'Forbidden', message }, 403);
}

export function conflict(message: string): HttpException {
  return new HttpException({ statusCode: 409, error: 'Conflict', message }, 409);
}

export function badRequest(field: string, rule: string): HttpException {
  return new HttpException({ statusCode: 400, error: 'Bad Request', message: `${field}: ${rule}`, field, rule }, 400);
}

/** A 413: the named part of the request is larger than its limit, which `rule` states. */
export function payloadTooLarge(field: string, rule: string): HttpException {
  return new HttpException(
    { statusCode: 413, error: 'Payload Too Large', message: `${field}: ${rule}`, field, rule },
    413,
  );
}

export function unsupportedMediaType(field: string, rule: string): HttpException {
  return new HttpException(
    { statusCode: 415, error: 'Unsupported Media Type', message: `${field}: ${rule}`, field, rule },
    415,
  );
}
