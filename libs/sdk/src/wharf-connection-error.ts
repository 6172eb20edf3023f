/** Wharf could not be reached at all (refused, reset, DNS): no HTTP answer came back. */
export class WharfConnectionError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`cannot reach Wharf at ${url} (${reason}); is it running? Start it with \`npm start\` or set WHARF_URL`);
    this.name = 'WharfConnectionError';
  }
}

/** The most specific reason for a failed request (node:http names it `code`; undici hides it in `cause`). */
export function connectionFailureReason(err: unknown): string {
  const own = (err as { code?: unknown })?.code;
  if (typeof own === 'string') return own;
  const cause = (err as { cause?: unknown })?.cause;
  const code = (cause as { code?: unknown })?.code;
  if (typeof code === 'string') return code;
  if (cause instanceof Error && cause.message) return cause.message;
  return err instanceof Error ? err.message : String(err);
}
