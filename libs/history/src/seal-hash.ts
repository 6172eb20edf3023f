import { createHash } from 'node:crypto';
import { HistorySealed } from '@wharf/events';

/** Bumped if what the hash covers ever changes; verifiers then know which rule a seal follows. */
const SEAL_HASH_VERSION = 'wharf-seal-v1';

/**
 * Hex SHA-256 over the seal's tenant, index, range, the previous seal's hash and every entry in
 * order, each line a JSON array (so no value can pass for a separator). Changing, adding, removing
 * or reordering an entry, or moving the seal in the chain, changes the hash.
 */
export function sealHash(seal: Omit<HistorySealed, 'hash'>): string {
  const hash = createHash('sha256');
  const header = [SEAL_HASH_VERSION, seal.tenant, seal.index, seal.fromSeq, seal.toSeq, seal.previousHash];
  hash.update(`${JSON.stringify(header)}\n`);
  for (const entry of seal.entries) hash.update(`${JSON.stringify([entry.seq, entry.id, entry.digest])}\n`);
  return hash.digest('hex');
}
