import { verifyAnswerFormat, verifyAnswerPart } from './verify-answer';

describe('verifyAnswerFormat', () => {
  it.each([
    [undefined, 'json'],
    ['application/json', 'json'],
    ['*/*', 'json'],
    ['application/x-ndjson', 'ndjson'],
    ['text/event-stream', 'event-stream'],
  ])('answers Accept %s with %s', (accept, format) => {
    expect(verifyAnswerFormat(accept)).toBe(format);
  });
});

describe('verifyAnswerPart', () => {
  it('writes one JSON line per part', () => {
    expect(verifyAnswerPart('ndjson', { progress: { checked: 1, total: 2 } })).toBe(
      '{"progress":{"checked":1,"total":2}}\n',
    );
  });

  it('writes a server-sent event named after the part', () => {
    expect(verifyAnswerPart('event-stream', { error: { message: 'gone' } })).toBe(
      'event: error\ndata: {"message":"gone"}\n\n',
    );
  });
});
