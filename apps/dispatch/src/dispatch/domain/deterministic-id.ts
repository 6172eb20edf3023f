import { createHash } from 'node:crypto';

/**
 * A UUID-shaped id derived from its parts. Ids of everything the dispatcher decides are derived
 * from what caused it, so a decision retried after a crash has the same ids and the same
 * `Nats-Msg-Id`, and JetStream deduplicates it.
 */
export function deterministicId(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
