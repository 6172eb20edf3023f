import { WharfConfig } from './wharf-config';
import { apiErrorFromResponse, WharfApiError } from './wharf-api-error';
import { RawAnswer, RawRequest, sendOverNodeHttp } from './node-http-transport';
import { connectionFailureReason, WharfConnectionError } from './wharf-connection-error';

export const NAMESPACE_HEADER = 'X-Wharf-Namespace';
/** Names the tenant the operator token reads in; a tenant token needs none. */
export const TENANT_HEADER = 'X-Wharf-Tenant';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type QueryValue = string | number | undefined;

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /** Extra headers of this request (e.g. a second credential); they cannot replace the client's own. */
  headers?: Record<string, string>;
}

/** Encodes one path segment (an id or a name) so it can never change the route. */
export function pathSegment(value: string): string {
  return encodeURIComponent(value);
}

const NO_TOKEN_HINT = 'no token was configured: pass --token or --token-file, or set WHARF_TOKEN or WHARF_TOKEN_FILE';

/**
 * JSON over fetch to the one base URL, with the bearer token and the namespace header (and the
 * tenant header, when one is configured) on every request. Every non-2xx answer becomes a
 * WharfApiError, every failure to get an answer a WharfConnectionError. The token stays in this
 * object and in the Authorization header only.
 */
export class HttpClient {
  readonly url: string;
  readonly namespace: string;
  readonly tenant: string | undefined;
  readonly #token: string | undefined;

  /**
   * @param fetchImpl replaces the transport (tests, proxies, instrumentation); without it, JSON
   * requests go over node:http with keep-alive and the event stream over the global fetch.
   */
  constructor(
    config: WharfConfig,
    private readonly fetchImpl?: typeof fetch,
  ) {
    this.url = config.url;
    this.namespace = config.namespace;
    this.tenant = config.tenant;
    this.#token = config.token;
  }

  get hasToken(): boolean {
    return this.#token !== undefined;
  }

  async request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    const headers = this.headers({ ...options.headers, Accept: 'application/json' });
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const answer = await this.send(this.urlFor(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
    if (answer.status < 200 || answer.status >= 300) throw this.errorFor(answer);
    return (answer.text === '' ? undefined : JSON.parse(answer.text)) as T;
  }

  async openEventStream(path: string, signal: AbortSignal): Promise<Response> {
    const url = this.urlFor(path);
    let response: Response;
    try {
      response = await (this.fetchImpl ?? fetch)(url, {
        method: 'GET',
        headers: this.headers({ Accept: 'text/event-stream', 'Cache-Control': 'no-cache' }),
        signal,
      });
    } catch (err) {
      if (signal.aborted) throw err;
      throw new WharfConnectionError(this.url, connectionFailureReason(err));
    }
    if (!response.ok) {
      throw this.errorFor({ status: response.status, statusText: response.statusText, text: await response.text() });
    }
    return response;
  }

  private async send(url: string, init: RawRequest): Promise<RawAnswer> {
    try {
      if (this.fetchImpl === undefined) return await sendOverNodeHttp(url, init);
      const response = await this.fetchImpl(url, init);
      return { status: response.status, statusText: response.statusText, text: await response.text() };
    } catch (err) {
      if (init.signal?.aborted) throw err;
      throw new WharfConnectionError(this.url, connectionFailureReason(err));
    }
  }

  private headers(extra: Record<string, string>): Record<string, string> {
    const headers: Record<string, string> = { ...extra, [NAMESPACE_HEADER]: this.namespace };
    if (this.tenant !== undefined) headers[TENANT_HEADER] = this.tenant;
    if (this.#token !== undefined) headers.Authorization = `Bearer ${this.#token}`;
    return headers;
  }

  private urlFor(path: string, query: Record<string, QueryValue> = {}): string {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, String(value));
    const suffix = search.size > 0 ? `?${search.toString()}` : '';
    return `${this.url}${path}${suffix}`;
  }

  private errorFor(answer: RawAnswer): WharfApiError {
    const error = apiErrorFromResponse(answer.status, answer.statusText, answer.text);
    if (answer.status === 401 && this.#token === undefined) {
      return new WharfApiError(
        error.status,
        `${error.message} (${NO_TOKEN_HINT})`,
        error.error,
        error.field,
        error.rule,
      );
    }
    return error;
  }
}
