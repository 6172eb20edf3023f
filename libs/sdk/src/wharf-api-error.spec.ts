import { apiErrorFromResponse, WharfApiError } from './wharf-api-error';

describe('apiErrorFromResponse', () => {
  it('carries status, message, field and rule from a Wharf error body', () => {
    const body = JSON.stringify({
      statusCode: 400,
      error: 'Bad Request',
      message: 'key: may contain only lower-case letters',
      field: 'key',
      rule: 'may contain only lower-case letters',
    });
    const error = apiErrorFromResponse(400, 'Bad Request', body);
    expect(error).toBeInstanceOf(WharfApiError);
    expect(error).toMatchObject({
      status: 400,
      error: 'Bad Request',
      message: 'key: may contain only lower-case letters',
      field: 'key',
      rule: 'may contain only lower-case letters',
    });
  });

  it('leaves field and rule undefined when the body names none', () => {
    const error = apiErrorFromResponse(
      404,
      'Not Found',
      '{"statusCode":404,"error":"Not Found","message":"run \\"r1\\" not found"}',
    );
    expect(error).toMatchObject({ status: 404, message: 'run "r1" not found', field: undefined, rule: undefined });
  });

  it('joins an array message', () => {
    expect(apiErrorFromResponse(400, 'Bad Request', '{"message":["a is bad","b is bad"]}').message).toBe(
      'a is bad; b is bad',
    );
  });

  it('names the status when the body is not JSON', () => {
    const error = apiErrorFromResponse(502, 'Bad Gateway', '<html>upstream down</html>');
    expect(error.status).toBe(502);
    expect(error.message).toBe('502 Bad Gateway: <html>upstream down</html>');
  });

  it('names the status when the body is empty', () => {
    expect(apiErrorFromResponse(503, '', '').message).toBe('503 HTTP 503');
    expect(apiErrorFromResponse(503, 'Service Unavailable', '').message).toBe('503 Service Unavailable');
  });
});
