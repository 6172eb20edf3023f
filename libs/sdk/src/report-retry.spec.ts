import { isRetryableReportFailure } from './report-retry';
import { WharfApiError } from './wharf-api-error';
import { WharfConnectionError } from './wharf-connection-error';

describe('isRetryableReportFailure', () => {
  it('retries when no answer came back', () => {
    expect(isRetryableReportFailure(new WharfConnectionError('http://127.0.0.1:8080', 'ECONNREFUSED'))).toBe(true);
  });

  it.each([500, 502, 503, 504, 408, 429])('retries a %i', (status) => {
    expect(isRetryableReportFailure(new WharfApiError(status, 'x', 'x'))).toBe(true);
  });

  it.each([400, 401, 403, 404, 409, 410])('accepts a %i as final', (status) => {
    expect(isRetryableReportFailure(new WharfApiError(status, 'x', 'x'))).toBe(false);
  });
});
