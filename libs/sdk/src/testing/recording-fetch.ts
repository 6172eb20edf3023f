/** One request as the client sent it, body parsed. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * A fetch that answers every request with `answer` (JSON, status 200 unless given) and records
 * what was sent, so a spec can check how the SDK builds its requests without a server.
 */
export function recordingFetch(answer: unknown = {}, status = 200): { fetch: typeof fetch; sent: RecordedRequest[] } {
  const sent: RecordedRequest[] = [];
  const impl = (async (url: string | URL | Request, init?: RequestInit) => {
    const body = init?.body;
    sent.push({
      method: init?.method ?? 'GET',
      url: String(url),
      headers: { ...(init?.headers as Record<string, string> | undefined) },
      body: typeof body === 'string' ? JSON.parse(body) : undefined,
    });
    return new Response(JSON.stringify(answer), { status });
  }) as typeof fetch;
  return { fetch: impl, sent };
}
