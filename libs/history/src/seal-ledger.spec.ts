import { SealEntry } from '@wharf/events';
import { SealLedger } from './seal-ledger';

const entry = (seq: number): SealEntry => ({ seq, id: `e${seq}`, digest: `d${seq}` });
const seqsOf = (entries: readonly SealEntry[]) => entries.map((e) => e.seq);

describe('SealLedger', () => {
  it('seals the pending events of a tenant in stream order, at most maxEntries at a time', () => {
    const ledger = new SealLedger();
    for (const seq of [1, 2, 3]) ledger.record('acme', entry(seq));
    ledger.record('other', entry(4));
    expect(ledger.tenantsWithPending().sort()).toEqual(['acme', 'other']);
    const next = ledger.nextSeal('acme', 2);
    expect(next?.expectedLastSubjectSeq).toBe(0);
    expect(next?.seal).toMatchObject({ tenant: 'acme', index: 1, fromSeq: 1, toSeq: 2, previousHash: null });
    ledger.observe('acme', { index: 1, hash: next!.seal.hash, toSeq: 2, seq: 5 });
    const after = ledger.nextSeal('acme', 2);
    expect(after?.expectedLastSubjectSeq).toBe(5);
    expect(after?.seal).toMatchObject({ index: 2, fromSeq: 3, toSeq: 3, previousHash: next!.seal.hash });
  });

  it('has nothing to seal for a tenant without pending events', () => {
    expect(new SealLedger().nextSeal('acme', 10)).toBeNull();
  });

  it('skips events the last seal found at start already covers (a resumed read)', () => {
    const ledger = new SealLedger(new Map([['acme', { index: 3, hash: 'h', toSeq: 10, seq: 11 }]]));
    expect(ledger.record('acme', entry(9))).toBe(false);
    expect(ledger.record('acme', entry(10))).toBe(false);
    expect(ledger.record('acme', entry(12))).toBe(true);
    expect(ledger.record('acme', entry(12))).toBe(false);
    expect(ledger.nextSeal('acme', 10)?.seal).toMatchObject({ index: 4, previousHash: 'h', fromSeq: 12 });
  });

  it("drops what another sealer's seal covers, and ignores seals older than its head", () => {
    const ledger = new SealLedger();
    for (const seq of [1, 2, 3, 4]) ledger.record('acme', entry(seq));
    ledger.observe('acme', { index: 1, hash: 'h1', toSeq: 3, seq: 5 });
    expect(ledger.pendingCount('acme')).toBe(1);
    ledger.observe('acme', { index: 1, hash: 'h1', toSeq: 3, seq: 5 });
    ledger.observe('acme', { index: 0, hash: 'old', toSeq: 1, seq: 2 });
    expect(ledger.headOf('acme')).toEqual({ index: 1, hash: 'h1', toSeq: 3, seq: 5 });
    expect(ledger.record('acme', entry(2))).toBe(false);
  });

  it('two sealers reading the same stream seal every event exactly once, whoever wins each append', () => {
    // A tiny model of the stream's seal subject: an append succeeds only on the expected last sequence.
    const sealed: SealEntry[][] = [];
    let lastSealSeq = 0;
    let seq = 0;
    const sealers = [new SealLedger(), new SealLedger()];
    const seen = [0, 0];
    const events: number[] = [];
    const appendSeal = (i: number) => {
      const next = sealers[i].nextSeal('acme', 3);
      if (!next) return;
      if (next.expectedLastSubjectSeq !== lastSealSeq) {
        // Conflict: re-read the last seal and drop what it covers.
        const last = sealed[sealed.length - 1];
        sealers[i].observe('acme', {
          index: sealed.length,
          hash: 'x',
          toSeq: last[last.length - 1].seq,
          seq: lastSealSeq,
        });
        return;
      }
      lastSealSeq = ++seq;
      sealed.push(next.seal.entries);
      sealers[i].observe('acme', {
        index: next.seal.index,
        hash: next.seal.hash,
        toSeq: next.seal.toSeq,
        seq: lastSealSeq,
      });
    };
    const feed = (i: number, upTo: number) => {
      for (; seen[i] < upTo; seen[i]++) sealers[i].record('acme', entry(events[seen[i]]));
    };
    for (let round = 0; round < 40; round++) {
      events.push(++seq, ++seq);
      feed(0, events.length);
      if (round % 3 !== 0) feed(1, events.length - 1);
      appendSeal(round % 2);
      appendSeal((round + 1) % 2);
    }
    feed(0, events.length);
    feed(1, events.length);
    for (let i = 0; i < 30; i++) appendSeal(i % 2);
    expect(seqsOf(sealed.flat())).toEqual(events);
  });
});
