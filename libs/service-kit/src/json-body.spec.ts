import { HttpException } from '@nestjs/common';
import { jsonBodyError, verifyJsonBody } from './json-body';

const limits = { maxBodyBytes: 2048, maxJsonDepth: 3 };

/** What body-parser does with an error thrown by `verify` (http-errors' createError keeps its status and type). */
function refusal(verify: () => void): { status: number; type: string } | null {
  try {
    verify();
    return null;
  } catch (err) {
    return { status: (err as { status: number }).status, type: (err as { type: string }).type };
  }
}

function answer(err: unknown) {
  const mapped = jsonBodyError(err, limits);
  expect(mapped).toBeInstanceOf(HttpException);
  return { status: (mapped as HttpException).getStatus(), body: (mapped as HttpException).getResponse() };
}

describe('JSON body checks before parsing', () => {
  const verify = verifyJsonBody(3);
  const run =
    (text: string, encoding = 'utf-8') =>
    () =>
      verify({} as never, {} as never, Buffer.from(text), encoding);

  it('lets UTF-8 JSON within the depth limit through', () => {
    expect(refusal(run('{"a":{"b":[1]}}'))).toBeNull();
  });

  it('refuses a deeper body with a 400, and names the rule with the limit', () => {
    const refused = refusal(run('{"a":{"b":[[1]]}}'));
    expect(refused?.status).toBe(400);
    expect(answer(refused)).toEqual({
      status: 400,
      body: expect.objectContaining({ statusCode: 400, field: 'body', rule: 'nested at most 3 levels deep' }),
    });
  });

  it('refuses JSON that is not UTF-8 with a 415', () => {
    const refused = refusal(run('{}', 'utf-16le'));
    expect(refused?.status).toBe(415);
    expect(answer(refused)).toEqual({
      status: 415,
      body: expect.objectContaining({ field: 'content-type', rule: 'JSON must be sent as UTF-8' }),
    });
  });
});

describe("the body parser's errors as Wharf answers", () => {
  it('a body over the limit is a 413 naming the limit in bytes', () => {
    expect(answer({ type: 'entity.too.large', status: 413, limit: 2048 })).toEqual({
      status: 413,
      body: {
        statusCode: 413,
        error: 'Payload Too Large',
        message: 'body: at most 2048 bytes',
        field: 'body',
        rule: 'at most 2048 bytes',
      },
    });
  });

  it('malformed JSON is a 400 naming the body', () => {
    expect(answer({ type: 'entity.parse.failed', status: 400 }).body).toMatchObject({
      field: 'body',
      rule: 'must be valid JSON',
    });
  });

  it('leaves any other error as it came', () => {
    const other = new Error('boom');
    expect(jsonBodyError(other, limits)).toBe(other);
    expect(jsonBodyError(undefined, limits)).toBeUndefined();
  });
});
