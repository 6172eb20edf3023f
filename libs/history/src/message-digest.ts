import { createHash } from 'node:crypto';

/** Hex SHA-256 of a stored message's data: what a seal records for each event. */
export function messageDigest(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

// Envelopes are written with `id` first (newEvent builds them so): read it without parsing the rest.
const LEADING_ID = /^\{"id":"([^"\\]{1,200})"/;
const HEAD_BYTES = 256;

/**
 * The envelope id of a stored event, or null when the data is not a JSON object with a string `id`.
 * Sealer and verifier both name events through this one function, so they agree on every message.
 */
export function eventIdOf(data: Uint8Array): string | null {
  const head = Buffer.from(data.buffer, data.byteOffset, Math.min(data.byteLength, HEAD_BYTES)).toString('utf8');
  const fast = LEADING_ID.exec(head);
  if (fast) return fast[1];
  try {
    const parsed: unknown = JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { id?: unknown }).id === 'string') {
      return (parsed as { id: string }).id;
    }
    return null;
  } catch {
    return null;
  }
}
