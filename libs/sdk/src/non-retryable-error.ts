/**
 * Thrown by a handler when retrying cannot help (bad input, a permanent refusal): the step fails
 * at once, without the retries its workflow allows.
 *
 * ```ts
 * if (!input.email) throw new NonRetryableError('input has no email');
 * ```
 */
export class NonRetryableError extends Error {
  readonly retryable = false as const;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NonRetryableError';
  }
}

/** True for a NonRetryableError, also one from another copy of the SDK (`retryable === false`). */
export function isNonRetryable(err: unknown): boolean {
  return (
    err instanceof NonRetryableError ||
    (typeof err === 'object' && err !== null && (err as { retryable?: unknown }).retryable === false)
  );
}
