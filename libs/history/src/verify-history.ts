import { HistorySealed } from '@wharf/events';
import { describeFinding, FindingKind, HistoryFinding, VerificationReport } from './history-finding';
import { LookaheadQueue } from './lookahead-queue';
import { eventIdOf, messageDigest } from './message-digest';
import { sealHash } from './seal-hash';

/** One message as read from the verified stream. */
export interface StoredMessage {
  seq: number;
  data: Uint8Array;
}

export interface VerifyHistoryInput {
  tenant: string;
  /** The tenant's seal messages, in stream order. */
  seals: AsyncIterable<StoredMessage>;
  /** The tenant's other messages, in stream order. */
  events: AsyncIterable<StoredMessage>;
  /** A seal hash written down earlier: the chain must contain it. */
  anchor?: string;
  /** Look-ahead on each side, in events (default 10,000). */
  window?: number;
  /** Findings kept in the report (default 100); all are counted. */
  maxFindings?: number;
}

export const DEFAULT_VERIFY_WINDOW = 10_000;
export const DEFAULT_MAX_FINDINGS = 100;

/** An event as a seal lists it, numbered in chain order. */
interface Expected {
  id: string;
  originalSeq: number;
  digest: string;
  seal: number;
  position: number;
}

/** An event as found in the verified stream. */
interface Found {
  id: string | null;
  seq: number;
  digest: string;
  /** Running number among the verified stream's events. */
  at: number;
}

/** A found event no seal seen so far lists: inserted, or a sealed event moved ahead of its place. */
interface Unlisted {
  found: Found;
  /** Where it sits in chain order (just before this expected position) and in which seal's range. */
  position: number;
  seal: number;
}

interface ChainState {
  seals: number;
  sealedEvents: number;
  lastHash: string | null;
  lastIndex: number | null;
  anchorFound: boolean;
}

function decodeSeal(data: Uint8Array): HistorySealed | null {
  try {
    const envelope = JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8')) as {
      type?: unknown;
      payload?: Partial<HistorySealed>;
    };
    const p = envelope.payload;
    if (envelope.type !== 'history.sealed' || typeof p !== 'object' || p === null) return null;
    const wellFormed =
      typeof p.tenant === 'string' &&
      Number.isInteger(p.index) &&
      Number.isInteger(p.fromSeq) &&
      Number.isInteger(p.toSeq) &&
      typeof p.hash === 'string' &&
      (p.previousHash === null || typeof p.previousHash === 'string') &&
      Array.isArray(p.entries) &&
      p.entries.every((e) => Number.isInteger(e?.seq) && typeof e?.id === 'string' && typeof e?.digest === 'string');
    return wellFormed ? (p as HistorySealed) : null;
  } catch {
    return null;
  }
}

async function* foundEvents(events: AsyncIterable<StoredMessage>, counter: { read: number }): AsyncGenerator<Found> {
  for await (const m of events) {
    yield { id: eventIdOf(m.data), seq: m.seq, digest: messageDigest(m.data), at: counter.read++ };
  }
}

/**
 * Verifies a tenant's history against its seals: reads the seals in chain order and the events in
 * stream order, and reports every event changed, removed, reordered or inserted since it was
 * sealed, and every broken seal. Events are matched by envelope id and compared by digest, never by
 * sequence, so a copy of the history in another stream or under another subject prefix verifies
 * the same as the original.
 *
 * Memory is bounded by the window, not the history: at most `window` events are read ahead on each
 * side (the seals' entries and the stream) to tell a moved event from a removed one, and at most
 * `window` unresolved events are remembered per side. An event moved farther than that is reported
 * as removed at its sealed place and inserted where it was found; a run of more than `window`
 * unreadable messages in place of sealed events, as those events changed.
 */
export async function verifyHistory(input: VerifyHistoryInput): Promise<VerificationReport> {
  const window = input.window ?? DEFAULT_VERIFY_WINDOW;
  const maxFindings = input.maxFindings ?? DEFAULT_MAX_FINDINGS;
  const { tenant } = input;
  const chain: ChainState = { seals: 0, sealedEvents: 0, lastHash: null, lastIndex: null, anchorFound: false };

  // Findings sorted by their place in history; `kept` holds the earliest `maxFindings`.
  let kept: { key: number; finding: HistoryFinding }[] = [];
  let count = 0;
  let first: { key: number; finding: HistoryFinding } | null = null;
  const report = (key: number, fields: Omit<HistoryFinding, 'message'>, detail?: string): void => {
    const entry = { key, finding: { ...fields, message: describeFinding(fields, detail) } };
    count++;
    if (first === null || key < first.key) first = entry;
    kept.push(entry);
    if (kept.length > maxFindings * 2) {
      kept.sort((a, b) => a.key - b.key);
      kept = kept.slice(0, maxFindings);
    }
  };
  const eventFinding = (kind: FindingKind, e: Expected | null, f: Found | null, seal: number): void =>
    report(e?.position ?? Number.MAX_SAFE_INTEGER, {
      kind,
      eventId: e?.id ?? f?.id ?? null,
      originalSeq: e?.originalSeq ?? null,
      foundSeq: f?.seq ?? null,
      seal,
    });

  async function* expectedEntries(): AsyncGenerator<Expected> {
    let previous: { index: number; hash: string } | null = null;
    for await (const m of input.seals) {
      const position = chain.sealedEvents;
      const broken = (index: number | null, detail: string) =>
        report(
          position - 0.75,
          { kind: 'seal-broken', eventId: null, originalSeq: null, foundSeq: m.seq, seal: index },
          detail,
        );
      const seal = decodeSeal(m.data);
      if (seal === null) {
        broken(null, 'its message is not a readable seal');
        continue;
      }
      if (seal.tenant !== tenant) {
        broken(seal.index, `it seals tenant "${seal.tenant}"`);
        continue;
      }
      const expectedIndex = (previous?.index ?? 0) + 1;
      if (seal.index < expectedIndex) {
        broken(seal.index, `its index repeats an earlier seal (expected ${expectedIndex})`);
        continue;
      }
      const problems: string[] = [];
      if (seal.index > expectedIndex) {
        problems.push(
          seal.index === expectedIndex + 1
            ? `seal ${expectedIndex} before it is missing`
            : `seals ${expectedIndex} to ${seal.index - 1} before it are missing`,
        );
      } else if (seal.previousHash !== (previous?.hash ?? null)) {
        problems.push(
          previous === null
            ? 'the first seal links to a previous hash'
            : `its previous hash does not match the hash of seal ${previous.index}`,
        );
      }
      const recomputed = sealHash(seal);
      const entriesMatchRange =
        seal.entries.length > 0 &&
        seal.entries[0].seq === seal.fromSeq &&
        seal.entries[seal.entries.length - 1].seq === seal.toSeq;
      if (recomputed !== seal.hash) problems.push('its hash does not match its entries');
      else if (!entriesMatchRange) problems.push('its entries do not span its range');
      if (problems.length > 0) broken(seal.index, problems.join('; '));
      else if (input.anchor !== undefined && seal.hash === input.anchor) chain.anchorFound = true;
      previous = { index: seal.index, hash: seal.hash };
      chain.seals++;
      chain.lastHash = seal.hash;
      chain.lastIndex = seal.index;
      for (const entry of seal.entries) {
        yield {
          id: entry.id,
          originalSeq: entry.seq,
          digest: entry.digest,
          seal: seal.index,
          position: chain.sealedEvents++,
        };
      }
    }
  }

  const counter = { read: 0 };
  const expected = new LookaheadQueue<Expected>(expectedEntries()[Symbol.asyncIterator](), window);
  const found = new LookaheadQueue<Found>(foundEvents(input.events, counter)[Symbol.asyncIterator](), window);
  /** Sealed events not found where the seals put them: removed, unless they turn up later. */
  const missing = new Map<string, Expected>();
  /** Found events no seal listed where they stood: inserted, unless a later seal entry names them. */
  const unlisted = new Map<string, Unlisted>();
  const unreadable: Unlisted[] = [];
  /** The verified stream's running number of the last sealed event found. */
  let lastSealedAt = -1;
  let unsealed = 0;

  const matched = (e: Expected, f: Found, inOrder: boolean): void => {
    lastSealedAt = Math.max(lastSealedAt, f.at);
    if (!inOrder) eventFinding('reordered', e, f, e.seal);
    if (f.digest !== e.digest) eventFinding('changed', e, f, e.seal);
  };
  const setAsideExpected = (e: Expected): void => {
    missing.set(e.id, e);
    if (missing.size > window) {
      const [id, oldest] = missing.entries().next().value as [string, Expected];
      missing.delete(id);
      eventFinding('removed', oldest, null, oldest.seal);
    }
  };
  const setAsideFound = (f: Found, before: Expected): void => {
    const entry = { found: f, position: before.position - 0.5, seal: before.seal };
    let evicted: Unlisted | undefined;
    if (f.id === null) {
      unreadable.push(entry);
      if (unreadable.length > window) evicted = unreadable.shift();
    } else {
      unlisted.set(f.id, entry);
      if (unlisted.size > window) {
        const [id, oldest] = unlisted.entries().next().value as [string, Unlisted];
        unlisted.delete(id);
        evicted = oldest;
      }
    }
    if (evicted !== undefined) {
      report(evicted.position, {
        kind: 'inserted',
        eventId: evicted.found.id,
        originalSeq: null,
        foundSeq: evicted.found.seq,
        seal: evicted.seal,
      });
    }
  };

  for (;;) {
    const e = await expected.head();
    if (e === undefined) break;
    const f = await found.head();
    if (f === undefined) {
      expected.shift();
      const earlier = unlisted.get(e.id);
      if (earlier) {
        unlisted.delete(e.id);
        matched(e, earlier.found, false);
      } else setAsideExpected(e);
      continue;
    }
    if (f.id !== null && f.id === e.id) {
      matched(expected.shift(), found.shift(), true);
      continue;
    }
    const earlier = unlisted.get(e.id);
    if (earlier) {
      // Found ahead of its sealed place, farther than the window reached.
      unlisted.delete(e.id);
      matched(expected.shift(), earlier.found, false);
      continue;
    }
    const awaited = f.id === null ? undefined : missing.get(f.id);
    if (awaited) {
      // Found behind its sealed place, farther than the window reached.
      missing.delete(awaited.id);
      matched(awaited, found.shift(), false);
      continue;
    }
    await found.fill(e.id);
    await expected.fill(f.id);
    const foundOffset = found.offsetOf(e.id);
    const expectedOffset = expected.offsetOf(f.id);
    if (foundOffset < 0 && expectedOffset < 0) {
      expected.shift();
      found.shift();
      if (f.id === null) {
        // An unreadable message where the sealed event should be: that event was changed.
        lastSealedAt = Math.max(lastSealedAt, f.at);
        eventFinding('changed', e, f, e.seal);
      } else {
        setAsideExpected(e);
        setAsideFound(f, e);
      }
    } else if (foundOffset < 0) {
      setAsideExpected(expected.shift());
    } else if (expectedOffset < 0) {
      setAsideFound(found.shift(), e);
    } else if (foundOffset >= expectedOffset) {
      // The sealed event comes later than its place: it moved back (a tie: report the earlier one).
      matched(expected.shift(), found.take(e.id) as Found, false);
    } else {
      // The found event's sealed place is later: it moved forward.
      matched(expected.take(f.id as string) as Expected, found.shift(), false);
    }
  }

  // Past the last sealed event: what no seal lists is not sealed yet, unless a seal put it earlier.
  for (let f = await found.head(); f !== undefined; f = await found.head()) {
    found.shift();
    const awaited = f.id === null ? undefined : missing.get(f.id);
    if (awaited) {
      missing.delete(awaited.id);
      matched(awaited, f, false);
    } else unsealed++;
  }
  for (const e of missing.values()) eventFinding('removed', e, null, e.seal);
  for (const u of [...unlisted.values(), ...unreadable]) {
    if (u.found.at < lastSealedAt) {
      report(u.position, {
        kind: 'inserted',
        eventId: u.found.id,
        originalSeq: null,
        foundSeq: u.found.seq,
        seal: u.seal,
      });
    } else unsealed++;
  }
  if (input.anchor !== undefined && !chain.anchorFound) {
    report(
      Number.MAX_SAFE_INTEGER,
      { kind: 'anchor-missing', eventId: null, originalSeq: null, foundSeq: null, seal: null },
      input.anchor,
    );
  }

  kept.sort((a, b) => a.key - b.key);
  const firstFinding = first as { key: number; finding: HistoryFinding } | null;
  return {
    tenant,
    intact: count === 0,
    seals: chain.seals,
    sealedEvents: chain.sealedEvents,
    unsealedEvents: unsealed,
    checkedEvents: counter.read,
    findings: kept.slice(0, maxFindings).map((k) => k.finding),
    findingsCount: count,
    first: firstFinding?.finding ?? null,
    lastSealHash: chain.lastHash,
    lastSealIndex: chain.lastIndex,
  };
}
