import { headers } from 'nats';
import { HistorySealed, newEvent, SealEntry, SYSTEM_ACTOR } from '@wharf/events';
import { EventStore } from '@wharf/event-store';
import {
  followMessages,
  HistorySource,
  lastSeqOf,
  readMessages,
  sealSubject,
  tenantHistorySource,
  verifyStoredHistory,
} from '@wharf/history';
import { Sealer } from '../../apps/tenant/src/history/sealer';
import { SealConfig } from '../../apps/tenant/src/history/seal-config';
import { RunningNats, startNatsServer } from '../support/nats-server';

jest.setTimeout(120_000);

const SCRATCH = 'SCRATCH';
const NAMESPACES = ['default', 'ada', 'bob'];

interface Copied {
  seq: number;
  subject: string;
  data: Uint8Array;
}

describe('history seals and verification (real nats-server)', () => {
  let nats: RunningNats;
  let store: EventStore;
  let copies = 0;

  beforeAll(async () => {
    nats = await startNatsServer();
    store = await EventStore.connect({ name: 'history-seal-test', env: { WHARF_NATS_URL: nats.url } });
    await store.jsm.streams.add({ name: SCRATCH, subjects: ['scratch.>'] });
  });

  afterAll(async () => {
    await store?.close();
    await nats?.stop();
  });

  const config = (overrides: Partial<SealConfig> = {}): SealConfig => ({
    enabled: true,
    intervalMs: 50,
    maxEvents: 64,
    ...overrides,
  });

  async function createTenant(tenant: string): Promise<void> {
    await store.append(
      newEvent({
        type: 'tenant.created',
        tenant,
        namespace: '_',
        aggregate: { type: 'tenant', id: tenant },
        actor: SYSTEM_ACTOR,
        payload: { slug: tenant, name: tenant, purpose: 'development' },
      }),
    );
  }

  /** Pushes `count` events into the tenant, spread over namespaces; returns their sequences. */
  async function pushEvents(tenant: string, count: number): Promise<number[]> {
    const seqs: number[] = [];
    for (let i = 0; i < count; i++) {
      const namespace = NAMESPACES[i % NAMESPACES.length];
      const event = newEvent({
        type: 'event.pushed',
        tenant,
        namespace,
        aggregate: { type: 'event', id: `e-${tenant}-${Date.now()}-${i}` },
        actor: SYSTEM_ACTOR,
        payload: { eventId: `x${i}`, key: 'user:created', payload: { n: i }, metadata: {}, runs: [] },
      });
      seqs.push((await store.append(event)).seq);
    }
    return seqs;
  }

  const source = (tenant: string): HistorySource => tenantHistorySource(store, tenant);

  async function allMessages(from: HistorySource): Promise<Copied[]> {
    const messages: Copied[] = [];
    for await (const m of followMessages(from, from.filter, await lastSeqOf(from, from.filter))) messages.push(m);
    return messages;
  }

  async function sealsOf(tenant: string): Promise<HistorySealed[]> {
    const seals: HistorySealed[] = [];
    const from = source(tenant);
    for await (const m of readMessages(from, from.sealSubject, 1, Number.MAX_SAFE_INTEGER)) {
      seals.push((JSON.parse(Buffer.from(m.data).toString()) as { payload: HistorySealed }).payload);
    }
    return seals;
  }

  /** Sequences of the tenant's events (seals excepted), in stream order. */
  async function eventSeqsOf(tenant: string): Promise<number[]> {
    return (await allMessages(source(tenant))).filter((m) => m.subject !== sealSubject(tenant)).map((m) => m.seq);
  }

  async function sealEverything(sealer: Sealer): Promise<void> {
    await sealer.waitForFeed(await store.lastSeq());
    await sealer.flush();
  }

  /**
   * Copies the tenant's whole history (seals included, in order) into the scratch stream under
   * `scratch.<n>.` + the original subject; `tamper` may change, drop or reorder messages on the way.
   */
  async function copyHistory(
    tenant: string,
    tamper: (messages: Copied[]) => Copied[] = (m) => m,
  ): Promise<HistorySource> {
    const prefix = `scratch.c${++copies}.`;
    for (const m of tamper(await allMessages(source(tenant)))) {
      await store.js.publish(`${prefix}${m.subject}`, m.data, { headers: headers() });
    }
    return tenantHistorySource({ js: store.js, jsm: store.jsm, stream: SCRATCH }, tenant, prefix);
  }

  const idOf = (m: Copied) => (JSON.parse(Buffer.from(m.data).toString()) as { id: string }).id;

  describe('a sealed tenant and copies of its history', () => {
    let sealer: Sealer;
    let eventSeqs: number[];

    beforeAll(async () => {
      await store.append(
        newEvent({
          type: 'token.created',
          tenant: '_',
          namespace: '_',
          aggregate: { type: 'token', id: 'operator' },
          actor: SYSTEM_ACTOR,
          payload: { tokenId: 'op', tenant: '_', name: 'operator', hash: 'h', operator: true },
        }),
      );
      await createTenant('acme');
      await createTenant('other');
      sealer = new Sealer(store, config());
      await sealer.start();
      await pushEvents('acme', 120);
      await pushEvents('other', 30);
      await pushEvents('acme', 180);
      await sealEverything(sealer);
      eventSeqs = await eventSeqsOf('acme');
    });

    afterAll(() => sealer.stop());

    it('seals every event of the tenant once, in stream order, in a chain of seals', async () => {
      const seals = await sealsOf('acme');
      expect(seals.length).toBeGreaterThanOrEqual(Math.ceil(eventSeqs.length / 64));
      expect(seals.map((s) => s.index)).toEqual(seals.map((_, i) => i + 1));
      expect(seals.every((s) => s.entries.length <= 64)).toBe(true);
      expect(seals.flatMap((s) => s.entries.map((e: SealEntry) => e.seq))).toEqual(eventSeqs);
      expect(seals.slice(1).map((s) => s.previousHash)).toEqual(seals.slice(0, -1).map((s) => s.hash));
    });

    it('finds the live history intact', async () => {
      const report = await verifyStoredHistory(source('acme'), 'acme');
      expect(report).toMatchObject({ intact: true, sealedEvents: 301, unsealedEvents: 0, findingsCount: 0 });
    });

    it('finds an untouched copy in another stream under another prefix intact, with the same last hash', async () => {
      const live = await verifyStoredHistory(source('acme'), 'acme');
      const report = await verifyStoredHistory(await copyHistory('acme'), 'acme');
      expect(report).toMatchObject({ intact: true, sealedEvents: 301, lastSealHash: live.lastSealHash });
    });

    it('points at an altered and a removed message of a copy, the earlier one first', async () => {
      let altered: { id: string; seq: number } | undefined;
      let removed: { id: string; seq: number } | undefined;
      const copy = await copyHistory('acme', (messages) => {
        const events = messages.filter((m) => m.subject !== sealSubject('acme'));
        const toAlter = events[200];
        const toRemove = events[57];
        altered = { id: idOf(toAlter), seq: toAlter.seq };
        removed = { id: idOf(toRemove), seq: toRemove.seq };
        return messages
          .filter((m) => m !== toRemove)
          .map((m) => {
            if (m !== toAlter) return m;
            const envelope = JSON.parse(Buffer.from(m.data).toString()) as { payload: { payload: unknown } };
            envelope.payload.payload = { n: 'forged' };
            return { ...m, data: new TextEncoder().encode(JSON.stringify(envelope)) };
          });
      });
      const copied = await allMessages(copy);
      const report = await verifyStoredHistory(copy, 'acme');
      expect(report.intact).toBe(false);
      expect(report.findings).toEqual([
        expect.objectContaining({ kind: 'removed', eventId: removed!.id, originalSeq: removed!.seq, foundSeq: null }),
        expect.objectContaining({
          kind: 'changed',
          eventId: altered!.id,
          originalSeq: altered!.seq,
          foundSeq: copied.find((m) => idOf(m) === altered!.id)!.seq,
        }),
      ]);
      expect(report.first).toEqual(report.findings[0]);
      expect(report.findings.every((f) => typeof f.seal === 'number' && f.seal > 0)).toBe(true);
    });

    it('points at two swapped messages of a copy', async () => {
      let first: { id: string; seq: number } | undefined;
      const copy = await copyHistory('acme', (messages) => {
        const events = messages.filter((m) => m.subject !== sealSubject('acme'));
        const [a, b] = [events[99], events[100]];
        first = { id: idOf(a), seq: a.seq };
        return messages.map((m) => (m === a ? b : m === b ? a : m));
      });
      const report = await verifyStoredHistory(copy, 'acme');
      expect(report.findings).toEqual([
        expect.objectContaining({ kind: 'reordered', eventId: first!.id, originalSeq: first!.seq }),
      ]);
    });

    it('reports an altered seal as broken', async () => {
      const copy = await copyHistory('acme', (messages) =>
        messages.map((m) => {
          if (m.subject !== sealSubject('acme')) return m;
          const envelope = JSON.parse(Buffer.from(m.data).toString()) as { payload: HistorySealed };
          if (envelope.payload.index !== 2) return m;
          envelope.payload.entries[0] = { ...envelope.payload.entries[0], digest: '0'.repeat(64) };
          return { ...m, data: new TextEncoder().encode(JSON.stringify(envelope)) };
        }),
      );
      const report = await verifyStoredHistory(copy, 'acme');
      expect(report.first).toMatchObject({ kind: 'seal-broken', seal: 2 });
    });

    it('checks an anchor: a hash of the chain verifies, any other is a finding', async () => {
      const live = await verifyStoredHistory(source('acme'), 'acme');
      expect((await verifyStoredHistory(source('acme'), 'acme', { anchor: live.lastSealHash! })).intact).toBe(true);
      const report = await verifyStoredHistory(source('acme'), 'acme', { anchor: 'f'.repeat(64) });
      expect(report.findings).toEqual([expect.objectContaining({ kind: 'anchor-missing' })]);
    });

    it('reports progress up to the total', async () => {
      const progress: { checked: number; total: number }[] = [];
      await verifyStoredHistory(source('acme'), 'acme', { onProgress: (p) => progress.push(p) });
      expect(progress[0].checked).toBe(0);
      expect(progress[progress.length - 1]).toEqual({ checked: progress[0].total, total: progress[0].total });
    });

    it('seals the system tenant and other tenants too', async () => {
      expect((await verifyStoredHistory(source('other'), 'other')).sealedEvents).toBe(31);
      expect((await sealsOf('other'))[0].tenant).toBe('other');
      expect(await verifyStoredHistory(source('_'), '_')).toMatchObject({ intact: true, sealedEvents: 1 });
    });
  });

  it('two sealers at once seal every event exactly once', async () => {
    await createTenant('twice');
    const other = await EventStore.connect({ name: 'second-sealer', env: { WHARF_NATS_URL: nats.url } });
    const sealers = [
      new Sealer(store, config({ intervalMs: 10, maxEvents: 7 })),
      new Sealer(other, config({ intervalMs: 13, maxEvents: 5 })),
    ];
    try {
      await Promise.all(sealers.map((s) => s.start()));
      await Promise.all([pushEvents('twice', 150), pushEvents('twice', 150)]);
      for (const sealer of sealers) await sealEverything(sealer);
      const seals = await sealsOf('twice');
      expect(seals.map((s) => s.index)).toEqual(seals.map((_, i) => i + 1));
      expect(seals.flatMap((s) => s.entries.map((e: SealEntry) => e.seq))).toEqual(await eventSeqsOf('twice'));
      expect((await verifyStoredHistory(source('twice'), 'twice')).intact).toBe(true);
    } finally {
      await Promise.all(sealers.map((s) => s.stop()));
      await other.close();
    }
  });

  it('a sealer restarted after a crash seals what was left, with no gap and no duplicate', async () => {
    await createTenant('restarted');
    const first = new Sealer(store, config({ intervalMs: 3_600_000, maxEvents: 40 }));
    await first.start();
    await pushEvents('restarted', 100);
    await first.waitForFeed(await store.lastSeq());
    await first.flush();
    await pushEvents('restarted', 25);
    await first.waitForFeed(await store.lastSeq());
    await first.stop({ sealPending: false });
    const beforeRestart = await sealsOf('restarted');
    expect(beforeRestart.flatMap((s) => s.entries).length).toBe(101);

    await pushEvents('restarted', 30);
    const second = new Sealer(store, config({ intervalMs: 3_600_000, maxEvents: 40 }));
    await second.start();
    try {
      await sealEverything(second);
      const seals = await sealsOf('restarted');
      expect(seals.slice(0, beforeRestart.length)).toEqual(beforeRestart);
      expect(seals.map((s) => s.index)).toEqual(seals.map((_, i) => i + 1));
      expect(seals.flatMap((s) => s.entries.map((e: SealEntry) => e.seq))).toEqual(await eventSeqsOf('restarted'));
      expect(await verifyStoredHistory(source('restarted'), 'restarted')).toMatchObject({
        intact: true,
        sealedEvents: 156,
        unsealedEvents: 0,
      });
    } finally {
      await second.stop();
    }
  });
});
