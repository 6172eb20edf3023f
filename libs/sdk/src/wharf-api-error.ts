/** The JSON error body every Wharf service answers with. */
export interface WharfErrorBody {
  statusCode: number;
  error: string;
  message: string;
  field?: string;
  rule?: string;
}

/** Wharf answered a request with a non-2xx status; carries the field and rule it names, if any. */
export class WharfApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** HTTP reason phrase as the service spelled it (`Bad Request`, `Not Found`, ...). */
    readonly error: string,
    readonly field?: string,
    readonly rule?: string,
  ) {
    super(message);
    this.name = 'WharfApiError';
  }
}

function asObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Maps an error response to a WharfApiError. A body that is not Wharf's JSON (a proxy's HTML page,
 * an empty 502) still yields a message that names the status, so the caller sees what happened.
 */
export function apiErrorFromResponse(status: number, statusText: string, bodyText: string): WharfApiError {
  const body = asObject(bodyText);
  const error = stringOrUndefined(body?.error) ?? (statusText || `HTTP ${status}`);
  const field = stringOrUndefined(body?.field);
  const rule = stringOrUndefined(body?.rule);
  // Nest's own 404 for an unknown route carries `message` as a string too; an array (class-validator
  // without the service's exception factory) is joined so nothing is lost.
  const rawMessage = body?.message;
  const message =
    stringOrUndefined(rawMessage) ??
    (Array.isArray(rawMessage) ? rawMessage.map(String).join('; ') : undefined) ??
    (bodyText.trim() !== '' && body === undefined
      ? `${status} ${error}: ${bodyText.trim().slice(0, 200)}`
      : `${status} ${error}`);
  return new WharfApiError(status, message, error, field, rule);
}
