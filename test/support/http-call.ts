export interface HttpCallOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Sent as `Authorization: Bearer <token>`; none when absent. */
  token?: string;
  /** Sent as `X-Wharf-Namespace`. */
  namespace?: string;
  /** Sent as `X-Wharf-Tenant` (the operator reading inside a tenant). */
  tenant?: string;
  body?: unknown;
}

export interface HttpAnswer<T = unknown> {
  status: number;
  /** The parsed JSON body, or undefined when the body is empty or not JSON. */
  body: T;
  text: string;
}

/**
 * One raw HTTP request with whatever token is given, answered with its status whatever it is:
 * what the security tests need to see, where the SDK would throw or refuse to send.
 */
export async function httpCall<T = unknown>(
  baseUrl: string,
  path: string,
  options: HttpCallOptions = {},
): Promise<HttpAnswer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.namespace !== undefined) headers['x-wharf-namespace'] = options.namespace;
  if (options.tenant !== undefined) headers['x-wharf-tenant'] = options.tenant;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body: body as T, text };
}
