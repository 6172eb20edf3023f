import { WharfConfig } from './wharf-config';
import { apiErrorFromResponse, WharfApiError } from './wharf-api-error';
import { connectionFailureReason, WharfConnectionError } from './wharf-connection-error';

export const NAMESPACE_HEADER = 'X-Wharf-Namespace';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export type QueryValue = string | number | undefined;

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
}

/** Encodes one path segment (an id or a name) so it can never change the route. */
export function pathSegment(value: string): string {
  return encodeURIComponent(value);
}

const NO_TOKEN_HINT = 'no token was configured: pass --token or --token-file, or set WHARF_TOKEN or WHARF_TOKEN_FILE';

/**
 * JSON over fetch to the one base URL, with the bearer token and the namespace header on every
 * request. Every non-2xx answer becomes a WharfApiError, every failure to get an answer a
 * WharfConnectionError. The token stays in this object and in the Authorization header only.
 */
export class HttpClient {
  readonly url: string;
  readonly namespace: string;
  readonly #token: string | undefined;

  constructor(
    config: WharfConfig,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.url = config.url;
    this.namespace = config.namespace;
    this.#token = config.token;
  }

  get hasToken(): boolean {
    return this.#token !== undefined;
  }

  async request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    const headers = this.headers({ Accept: 'application/json' });
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await this.send(this.urlFor(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
    const text = await response.text();
    if (!response.ok) throw this.errorFor(response, text);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  /** Opens a server-sent-events stream; resolves once the server answered 2xx, with the unread body. */
  async openEventStream(path: string, signal: AbortSignal): Promise<Response> {
    const response = await this.send(this.urlFor(path), {
      method: 'GET',
      headers: this.headers({ Accept: 'text/event-stream', 'Cache-Control': 'no-cache' }),
      signal,
    });
    if (!response.ok) throw this.errorFor(response, await response.text());
    return response;
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetchImpl(url, init);
    } catch (err) {
      // An abort is the caller's own decision, not a connectivity problem: let it through as is.
      if (init.signal?.aborted) throw err;
      throw new WharfConnectionError(this.url, connectionFailureReason(err));
    }
  }

  private headers(extra: Record<string, string>): Record<string, string> {
    const headers: Record<string, string> = { ...extra, [NAMESPACE_HEADER]: this.namespace };
    if (this.#token !== undefined) headers.Authorization = `Bearer ${this.#token}`;
    return headers;
  }

  private urlFor(path: string, query: Record<string, QueryValue> = {}): string {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, String(value));
    const suffix = search.size > 0 ? `?${search.toString()}` : '';
    return `${this.url}${path}${suffix}`;
  }

  private errorFor(response: Response, text: string): WharfApiError {
    const error = apiErrorFromResponse(response.status, response.statusText, text);
    if (response.status === 401 && this.#token === undefined) {
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
