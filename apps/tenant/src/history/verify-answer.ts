import { VerificationReport, VerifyProgress } from '@wharf/history';

/** How a verification is answered, from the request's Accept header. */
export type VerifyAnswerFormat = 'json' | 'ndjson' | 'event-stream';

export function verifyAnswerFormat(accept: string | undefined): VerifyAnswerFormat {
  const types = (accept ?? '').toLowerCase();
  if (types.includes('application/x-ndjson')) return 'ndjson';
  if (types.includes('text/event-stream')) return 'event-stream';
  return 'json';
}

export const CONTENT_TYPES: Readonly<Record<VerifyAnswerFormat, string>> = {
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  'event-stream': 'text/event-stream',
};

type Part = { progress: VerifyProgress } | { report: VerificationReport } | { error: { message: string } };

/**
 * One part of a streamed answer: a JSON line (`{"progress":…}`, then `{"report":…}` or
 * `{"error":…}`), or a server-sent event named after the part.
 */
export function verifyAnswerPart(format: Exclude<VerifyAnswerFormat, 'json'>, part: Part): string {
  if (format === 'ndjson') return `${JSON.stringify(part)}\n`;
  const [name, data] = Object.entries(part)[0];
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}
