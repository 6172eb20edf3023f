import { HistorySealed } from '@wharf/events';
import { buildSeal } from './build-seal';
import { messageDigest } from './message-digest';
import { sealHash } from './seal-hash';
import { SealHead } from './seal-head';
import { StoredMessage, verifyHistory, VerifyHistoryInput } from './verify-history';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

interface Message {
  seq: number;
  data: Uint8Array;
  seal?: boolean;
}

/** A tenant history of `count` events, sealed every `perSeal` events; sequences 1, 2, … (seals too). */
function sealedHistory(count: number, perSeal: number, unsealedTail = 0): Message[] {
  const messages: Message[] = [];
  let head: SealHead | null = null;
  let pending: { seq: number; id: string; digest: string }[] = [];
  const push = (message: Omit<Message, 'seq'>) => {
    messages.push({ ...message, seq: messages.length + 1 });
    return messages.length;
  };
  const seal = () => {
    const payload = buildSeal('acme', head, pending);
    const seq = push({ data: encode({ id: `seal-${payload.index}`, type: 'history.sealed', payload }), seal: true });
    head = { index: payload.index, hash: payload.hash, toSeq: payload.toSeq, seq };
    pending = [];
  };
  for (let i = 1; i <= count + unsealedTail; i++) {
    const data = encode({ id: `e${i}`, type: 'event.pushed', payload: { n: i } });
    const seq = push({ data });
    if (i <= count) pending.push({ seq, id: `e${i}`, digest: messageDigest(data) });
    if (pending.length === perSeal) seal();
  }
  if (pending.length > 0) seal();
  return messages;
}

async function* each<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

/** Verifies messages as a copy would hold them: renumbered from 1000, in the order given. */
function verify(messages: readonly Message[], options: Partial<VerifyHistoryInput> = {}) {
  const copy = messages.map((m, i) => ({ ...m, seq: 1000 + i }));
  const strip = (m: Message): StoredMessage => ({ seq: m.seq, data: m.data });
  return verifyHistory({
    tenant: 'acme',
    seals: each(copy.filter((m) => m.seal).map(strip)),
    events: each(copy.filter((m) => !m.seal).map(strip)),
    ...options,
  });
}

const copySeqOf = (messages: readonly Message[], id: string) =>
  1000 + messages.findIndex((m) => !m.seal && JSON.parse(Buffer.from(m.data).toString()).id === id);
const indexOfEvent = (messages: readonly Message[], n: number) =>
  messages.findIndex((m) => !m.seal && JSON.parse(Buffer.from(m.data).toString()).id === `e${n}`);
const seqOfEvent = (messages: readonly Message[], n: number) => messages[indexOfEvent(messages, n)].seq;

function swap(messages: Message[], a: number, b: number): Message[] {
  const copy = [...messages];
  const i = indexOfEvent(copy, a);
  const j = indexOfEvent(copy, b);
  [copy[i], copy[j]] = [copy[j], copy[i]];
  return copy;
}

function move(messages: Message[], n: number, toBefore: number | null): Message[] {
  const moved = messages[indexOfEvent(messages, n)];
  const rest = messages.filter((m) => m !== moved);
  if (toBefore === null) return [...rest, moved];
  const at = indexOfEvent(rest, toBefore);
  return [...rest.slice(0, at), moved, ...rest.slice(at)];
}

function rewriteSeal(messages: Message[], index: number, change: (seal: HistorySealed) => HistorySealed): Message[] {
  return messages.map((m) => {
    if (!m.seal) return m;
    const envelope = JSON.parse(Buffer.from(m.data).toString()) as { payload: HistorySealed };
    if (envelope.payload.index !== index) return m;
    return { ...m, data: encode({ ...envelope, payload: change(envelope.payload) }) };
  });
}

describe('verifyHistory', () => {
  const history = sealedHistory(50, 10, 3);

  it('finds an untouched copy intact, and counts what is sealed and what is not yet', async () => {
    const report = await verify(history);
    expect(report).toMatchObject({
      tenant: 'acme',
      intact: true,
      seals: 5,
      sealedEvents: 50,
      unsealedEvents: 3,
      checkedEvents: 53,
      findings: [],
      findingsCount: 0,
      first: null,
      lastSealIndex: 5,
      lastSealHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('finds a history with no seal intact, every event unsealed', async () => {
    const report = await verify(sealedHistory(0, 10, 4));
    expect(report).toMatchObject({ intact: true, seals: 0, sealedEvents: 0, unsealedEvents: 4, lastSealHash: null });
  });

  it('points at a changed event: its id, where the seal put it, where it was found, and the seal', async () => {
    const changed = history.map((m) =>
      m.seq === seqOfEvent(history, 23)
        ? { ...m, data: encode({ id: 'e23', type: 'event.pushed', payload: { n: -1 } }) }
        : m,
    );
    const report = await verify(changed);
    expect(report.intact).toBe(false);
    expect(report.findings).toEqual([
      {
        kind: 'changed',
        eventId: 'e23',
        originalSeq: seqOfEvent(history, 23),
        foundSeq: copySeqOf(changed, 'e23'),
        seal: 3,
        message: expect.stringContaining('was changed since seal 3'),
      },
    ]);
    expect(report.first).toEqual(report.findings[0]);
  });

  it('reports unreadable data in the place of a sealed event as that event changed', async () => {
    const i = indexOfEvent(history, 7);
    const broken = history.map((m, at) => (at === i ? { ...m, data: new TextEncoder().encode('not json') } : m));
    const report = await verify(broken);
    expect(report.findings).toEqual([
      expect.objectContaining({ kind: 'changed', eventId: 'e7', originalSeq: seqOfEvent(history, 7), seal: 1 }),
    ]);
  });

  it('points at a removed event', async () => {
    const removed = history.filter((m) => m.seq !== seqOfEvent(history, 12));
    const report = await verify(removed);
    expect(report.findings).toEqual([
      expect.objectContaining({
        kind: 'removed',
        eventId: 'e12',
        originalSeq: seqOfEvent(history, 12),
        foundSeq: null,
        seal: 2,
      }),
    ]);
  });

  it('points at the first of two swapped events', async () => {
    const swapped = swap(history, 31, 32);
    const report = await verify(swapped);
    expect(report.findings).toEqual([
      expect.objectContaining({
        kind: 'reordered',
        eventId: 'e31',
        originalSeq: seqOfEvent(history, 31),
        foundSeq: copySeqOf(swapped, 'e31'),
        seal: 4,
      }),
    ]);
  });

  it.each([
    ['back', 5, 40],
    ['forward', 40, 5],
  ])('reports one event moved %s as that event only', async (_direction, n, before) => {
    const moved = move(history, n, before);
    const report = await verify(moved);
    expect(report.findings).toEqual([
      expect.objectContaining({ kind: 'reordered', eventId: `e${n}`, originalSeq: seqOfEvent(history, n) }),
    ]);
  });

  it('tells a move beyond the look-ahead window from a removal', async () => {
    const moved = move(history, 3, 45);
    const report = await verify(moved, { window: 4 });
    expect(report.findings).toEqual([expect.objectContaining({ kind: 'reordered', eventId: 'e3' })]);
  });

  it('points at an event inserted between sealed events, not at the unsealed tail', async () => {
    const at = indexOfEvent(history, 18);
    const inserted = [
      ...history.slice(0, at),
      { seq: 0, data: encode({ id: 'forged', type: 'event.pushed', payload: {} }) },
      ...history.slice(at),
    ];
    const report = await verify(inserted);
    expect(report.findings).toEqual([
      expect.objectContaining({
        kind: 'inserted',
        eventId: 'forged',
        originalSeq: null,
        foundSeq: copySeqOf(inserted, 'forged'),
        seal: 2,
      }),
    ]);
    expect(report.unsealedEvents).toBe(3);
  });

  it('orders findings by their place in history: `first` is the earliest', async () => {
    const tampered = swap(
      history.filter((m) => m.seq !== seqOfEvent(history, 44)),
      9,
      10,
    ).map((m) => (m.seq === seqOfEvent(history, 2) ? { ...m, data: encode({ id: 'e2', changed: true }) } : m));
    const report = await verify(tampered);
    expect(report.findings.map((f) => [f.kind, f.eventId])).toEqual([
      ['changed', 'e2'],
      ['reordered', 'e9'],
      ['removed', 'e44'],
    ]);
    expect(report.first).toMatchObject({ kind: 'changed', eventId: 'e2' });
    expect(report.findingsCount).toBe(3);
  });

  it('keeps the earliest findings and counts all', async () => {
    const gutted = history.filter((m) => m.seal || seqOfEvent(history, 40) < m.seq || m.seq < seqOfEvent(history, 11));
    const report = await verify(gutted, { maxFindings: 5 });
    expect(report.findingsCount).toBe(30);
    expect(report.findings.map((f) => f.eventId)).toEqual(['e11', 'e12', 'e13', 'e14', 'e15']);
  });

  it('reports a seal whose entries were altered without its hash as broken, and the event it hid', async () => {
    const forged = rewriteSeal(history, 2, (s) => ({ ...s, entries: s.entries.filter((e) => e.id !== 'e15') }));
    const report = await verify(forged);
    expect(report.findings).toEqual([
      expect.objectContaining({
        kind: 'seal-broken',
        seal: 2,
        eventId: null,
        message: expect.stringContaining('hash does not match'),
      }),
      expect.objectContaining({ kind: 'inserted', eventId: 'e15' }),
    ]);
  });

  it('reports a rehashed seal as breaking the chain at the next seal', async () => {
    const rehashed = rewriteSeal(history, 2, (s) => {
      const entries = s.entries.slice(1);
      const unsigned = { ...s, entries, fromSeq: entries[0].seq };
      return { ...unsigned, hash: sealHash(unsigned) };
    });
    const report = await verify(rehashed);
    expect(report.findings).toEqual([
      expect.objectContaining({ kind: 'inserted', eventId: 'e11' }),
      expect.objectContaining({ kind: 'seal-broken', seal: 3, message: expect.stringContaining('previous hash') }),
    ]);
  });

  it('reports a seal missing from the chain', async () => {
    const withoutSeal = history.filter(
      (m) => !(m.seal && JSON.parse(Buffer.from(m.data).toString()).payload.index === 4),
    );
    const report = await verify(withoutSeal);
    expect(report.findings[0]).toMatchObject({
      kind: 'seal-broken',
      seal: 5,
      message: expect.stringContaining('seal 4'),
    });
    expect(report.findings.filter((f) => f.kind === 'inserted')).toHaveLength(10);
  });

  it('reports an unreadable seal, or one of another tenant', async () => {
    const unreadable = history.map((m, i) => (m.seal && i < 15 ? { ...m, data: encode({ nonsense: true }) } : m));
    expect((await verify(unreadable)).findings[0]).toMatchObject({ kind: 'seal-broken', seal: null });
    const foreign = rewriteSeal(history, 1, (s) => ({ ...s, tenant: 'other' }));
    expect((await verify(foreign)).findings[0]).toMatchObject({ kind: 'seal-broken', seal: 1 });
  });

  it('reports each of many unreadable insertions once, with more of them than the window holds', async () => {
    const junk = () => ({ seq: 0, data: new TextEncoder().encode('garbage') });
    const interleaved = history.flatMap((m, i) =>
      i > indexOfEvent(history, 20) && i <= indexOfEvent(history, 32) && !m.seal ? [junk(), m] : [m],
    );
    const report = await verify(interleaved, { window: 4 });
    expect(report.findingsCount).toBe(12);
    expect(report.findings.every((f) => f.kind === 'inserted' && f.eventId === null && f.foundSeq !== null)).toBe(true);
  });

  it('checks an anchor against the chain', async () => {
    const intact = await verify(history);
    expect((await verify(history, { anchor: intact.lastSealHash! })).intact).toBe(true);
    const report = await verify(history, { anchor: 'a'.repeat(64) });
    expect(report.findings).toEqual([expect.objectContaining({ kind: 'anchor-missing' })]);
  });
});
