/**
 * What verification found wrong with a tenant's history:
 * - `changed`: the event at a sealed position has the same id but other bytes, or cannot be read;
 * - `removed`: a sealed event is missing;
 * - `reordered`: a sealed event is present but out of its sealed order;
 * - `inserted`: an event between sealed events that no seal lists;
 * - `seal-broken`: a seal whose hash does not match its entries, that does not link to the previous
 *   seal's hash, that cannot be read, or a seal missing from the chain;
 * - `anchor-missing`: the chain holds no seal with the hash the caller wrote down.
 */
export type FindingKind = 'changed' | 'removed' | 'reordered' | 'inserted' | 'seal-broken' | 'anchor-missing';

export interface HistoryFinding {
  kind: FindingKind;
  /** The event's envelope id (null for seal and anchor findings, or an unreadable event). */
  eventId: string | null;
  /** The event's stream sequence as its seal recorded it (null when no seal lists it). */
  originalSeq: number | null;
  /** The sequence where it was found in the verified stream (null when missing). */
  foundSeq: number | null;
  /** Index of the seal concerned (the seal listing the event, or the broken one). */
  seal: number | null;
  /** The finding in words. */
  message: string;
}

function eventName(eventId: string | null, originalSeq: number | null): string {
  const id = eventId === null ? 'an unreadable event' : `event ${eventId}`;
  return originalSeq === null ? id : `${id} (seq ${originalSeq})`;
}

/** The sentence a finding is reported with. */
export function describeFinding(finding: Omit<HistoryFinding, 'message'>, detail?: string): string {
  const { kind, eventId, originalSeq, foundSeq, seal } = finding;
  switch (kind) {
    case 'changed':
      return `${eventName(eventId, originalSeq)} was changed since seal ${seal}${foundSeq === null ? '' : ` (found at seq ${foundSeq})`}`;
    case 'removed':
      return `${eventName(eventId, originalSeq)} was removed since seal ${seal}`;
    case 'reordered':
      return `${eventName(eventId, originalSeq)} was moved since seal ${seal}: found out of order at seq ${foundSeq}`;
    case 'inserted':
      return `${eventName(eventId, null)} at seq ${foundSeq} was inserted: it is in the range of seal ${seal} but no seal lists it`;
    case 'seal-broken':
      return `seal ${seal ?? '(unreadable)'}${foundSeq === null ? '' : ` at seq ${foundSeq}`} is broken: ${detail ?? 'it does not verify'}`;
    case 'anchor-missing':
      return `no seal of the chain has the hash ${detail ?? ''}: the history was rewritten since that hash was taken`;
  }
}

/** The outcome of verifying one tenant's history. */
export interface VerificationReport {
  tenant: string;
  /** No finding at all. */
  intact: boolean;
  /** Seals read, in chain order. */
  seals: number;
  /** Events the seals list. */
  sealedEvents: number;
  /** Events after the last sealed one that no seal lists yet (the sealer has not reached them). */
  unsealedEvents: number;
  /** Events read from the verified stream (seals excepted). */
  checkedEvents: number;
  /** The earliest findings in history order, at most `maxFindings`. */
  findings: HistoryFinding[];
  /** Every finding, including those left out of `findings`. */
  findingsCount: number;
  /** The earliest finding in history order, or null. */
  first: HistoryFinding | null;
  /** Hash of the last seal: an anchor to write down and verify against later. */
  lastSealHash: string | null;
  lastSealIndex: number | null;
}
