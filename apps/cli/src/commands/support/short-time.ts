/** An instant to the minute, in UTC: `2030-01-31 12:05Z`. Tables have room for nothing longer. */
export function shortTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')}Z`;
}
