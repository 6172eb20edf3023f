import { HistorySealed, SealEntry } from '@wharf/events';
import { sealHash } from './seal-hash';
import { SealHead } from './seal-head';

/** The seal after `head` (null: the tenant's first) over `entries`, in stream order, at least one. */
export function buildSeal(tenant: string, head: SealHead | null, entries: readonly SealEntry[]): HistorySealed {
  if (entries.length === 0) throw new Error('a seal covers at least one event');
  const unsigned = {
    tenant,
    index: (head?.index ?? 0) + 1,
    fromSeq: entries[0].seq,
    toSeq: entries[entries.length - 1].seq,
    entries: [...entries],
    previousHash: head?.hash ?? null,
  };
  return { ...unsigned, hash: sealHash(unsigned) };
}
