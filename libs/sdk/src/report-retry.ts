import { WharfApiError } from './wharf-api-error';
import { WharfConnectionError } from './wharf-connection-error';

/**
 * Whether a failed report should be sent again. A 4xx is the server's final word (a 409 means the
 * attempt is stale or already has another outcome): sending it again cannot change it. No answer,
 * a 5xx, a 408 or a 429 says nothing about the report itself, so it is retried.
 */
export function isRetryableReportFailure(err: unknown): boolean {
  if (err instanceof WharfConnectionError) return true;
  if (err instanceof WharfApiError) return err.status >= 500 || err.status === 408 || err.status === 429;
  return true;
}
