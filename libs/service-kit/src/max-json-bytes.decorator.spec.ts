import { HttpException } from '@nestjs/common';
import { IsOptional, IsString, validateSync } from 'class-validator';
import { validationException } from './http-errors';
import { jsonByteLength, MaxJsonBytes } from './max-json-bytes.decorator';

class Sample {
  @IsString()
  key: unknown;

  @IsOptional()
  @MaxJsonBytes(16)
  payload?: unknown;
}

function sample(key: unknown, payload: unknown): Sample {
  return Object.assign(new Sample(), { key, payload });
}

describe('MaxJsonBytes', () => {
  it('measures a value as the UTF-8 bytes of its JSON', () => {
    expect(jsonByteLength('abc')).toBe(5);
    expect(jsonByteLength({ a: [1, 2] })).toBe(11);
    expect(jsonByteLength('é')).toBe(4);
    expect(jsonByteLength(null)).toBe(4);
  });

  it('accepts a value of exactly the limit and refuses one byte more', () => {
    expect(validateSync(sample('k', 'x'.repeat(14)))).toEqual([]);
    const [error] = validateSync(sample('k', 'x'.repeat(15)));
    expect(error.property).toBe('payload');
    expect(error.constraints).toEqual({ maxJsonBytes: 'at most 16 bytes as JSON' });
  });
});

describe('validationException', () => {
  function answer(target: Sample) {
    const exception = validationException(validateSync(target));
    expect(exception).toBeInstanceOf(HttpException);
    return { status: exception.getStatus(), body: exception.getResponse() };
  }

  it('answers a value over its size limit with a 413 naming it, even when another field is also wrong', () => {
    expect(answer(sample(7, 'x'.repeat(100)))).toEqual({
      status: 413,
      body: {
        statusCode: 413,
        error: 'Payload Too Large',
        message: 'payload: at most 16 bytes as JSON',
        field: 'payload',
        rule: 'at most 16 bytes as JSON',
        errors: [
          { field: 'key', rule: 'key must be a string' },
          { field: 'payload', rule: 'at most 16 bytes as JSON' },
        ],
      },
    });
  });

  it('answers any other broken rule with a 400 naming the first', () => {
    expect(answer(sample(7, 'ok'))).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        error: 'Bad Request',
        message: 'key: key must be a string',
        field: 'key',
        rule: 'key must be a string',
        errors: [{ field: 'key', rule: 'key must be a string' }],
      },
    });
  });
});
