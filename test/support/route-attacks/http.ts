/** One request of the route table, as the attack or the positive control sends it. */
export interface RouteRequest {
  method: string;
  path: string;
  /** The bearer token; undefined sends no Authorization header. */
  token?: string;
  /** The raw Authorization header, when the attack is the header itself. */
  authorization?: string;
  namespace?: string;
  body?: unknown;
  /** The route answers server-sent events: a 200 is not read to its end. */
  stream?: boolean;
}

export interface RouteAnswer {
  status: number;
  contentType: string;
  /** The JSON answer, or undefined for an event stream (and an empty answer). */
  body: unknown;
  /** The answer as text ('' for an event stream), for "does it mention A's resources" checks. */
  text: string;
}

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Sends one request through the edge. An event stream's status arrives with its headers, before
 * any event: the request is aborted as soon as they are read, so a stream never keeps the test
 * waiting.
 */
export async function sendRoute(baseUrl: string, request: RouteRequest): Promise<RouteAnswer> {
  const headers: Record<string, string> = {};
  if (request.authorization !== undefined) headers.authorization = request.authorization;
  else if (request.token !== undefined) headers.authorization = `Bearer ${request.token}`;
  if (request.namespace !== undefined) headers['x-wharf-namespace'] = request.namespace;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
  try {
    const response = await fetch(`${baseUrl}${request.path}`, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: abort.signal,
    });
    const contentType = response.headers.get('content-type') ?? '';
    if (request.stream && contentType.startsWith('text/event-stream')) {
      abort.abort();
      return { status: response.status, contentType, body: undefined, text: '' };
    }
    const text = await response.text();
    return { status: response.status, contentType, body: text === '' ? undefined : JSON.parse(text), text };
  } finally {
    clearTimeout(timer);
  }
}

/** Sends a request that must succeed (fixture set-up) and returns its JSON answer. */
export async function expectOk<T>(baseUrl: string, request: RouteRequest): Promise<T> {
  const answer = await sendRoute(baseUrl, request);
  if (answer.status < 200 || answer.status > 299) {
    throw new Error(`set-up request ${request.method} ${request.path} answered ${answer.status}: ${answer.text}`);
  }
  return answer.body as T;
}
