/** The one line the CLI prints for a failure, after `error: `. */
export function errorMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const { field, rule } = err as { field?: unknown; rule?: unknown };
  if (typeof field !== 'string' || typeof rule !== 'string' || field === '' || rule === '') return err.message;
  // Validation errors arrive as "field: rule"; say it once, in the documented shape.
  if (err.message === `${field}: ${rule}`) return `invalid ${field} (${field}: ${rule})`;
  if (err.message.includes(rule)) return err.message;
  return `${err.message} (${field}: ${rule})`;
}
