import { randomUUID } from 'node:crypto';
import { newEvent } from '@wharf/events';
import { AppendConflictError, EventStore } from '@wharf/event-store';
import { startNatsServer, RunningNats } from '../support/nats-server';

function tenantCreated(slug: string, id?: string) {
  return newEvent({
    id,
    type: 'tenant.created',
    tenant: slug,
    namespace: '_',
    aggregate: { type: 'tenant', id: slug },
    actor: 'test',
    payload: { slug, name: slug, purpose: 'development' },
  });
}

describe('EventStore against a real nats-server', () => {
  let nats: RunningNats;
  let store: EventStore;

  beforeAll(async () => {
    nats = await startNatsServer();
    store = await EventStore.connect({ name: 'event-store-test', env: { WHARF_NATS_URL: nats.url } });
  });

  afterAll(async () => {
    await store?.close();
    await nats?.stop();
  });

  it('creates the stream with deny delete/purge and a duplicate window', async () => {
    const info = await store.jsm.streams.info(store.stream);
    expect(info.config.deny_delete).toBe(true);
    expect(info.config.deny_purge).toBe(true);
    expect(info.config.duplicate_window).toBeGreaterThan(0);
    expect(info.config.subjects).toEqual(['wharf.>']);
  });

  it('refuses an append whose expected subject sequence is stale', async () => {
    const first = await store.append(tenantCreated('acme'), { expectedLastSubjectSeq: 0 });
    await expect(store.append(tenantCreated('acme'), { expectedLastSubjectSeq: 0 })).rejects.toBeInstanceOf(
      AppendConflictError,
    );
    const second = await store.append(tenantCreated('acme'), { expectedLastSubjectSeq: first.seq });
    expect(second.seq).toBeGreaterThan(first.seq);
    expect(await store.lastSubjectSeq('wharf.acme._.tenant.acme')).toBe(second.seq);
  });

  it('treats a retried append with the same event id as a duplicate of the first', async () => {
    const event = tenantCreated('retry', randomUUID());
    const first = await store.append(event);
    const retry = await store.append(event);
    expect(retry).toEqual({ seq: first.seq, duplicate: true });
    expect(await store.readSubject('wharf.retry._.tenant.retry')).toHaveLength(1);
  });

  it('reads an aggregate back by subject, in order, and nothing of other subjects', async () => {
    await store.append(tenantCreated('other'));
    const e1 = tenantCreated('readback');
    const e2 = tenantCreated('readback');
    const seqs = await store.appendAll([e1, e2], 0);
    const events = await store.readSubject('wharf.readback._.tenant.readback');
    expect(events.map((e) => [e.id, e.seq])).toEqual([
      [e1.id, seqs[0]],
      [e2.id, seqs[1]],
    ]);
    expect(await store.readSubject('wharf.nobody._.tenant.nobody')).toEqual([]);
  });
});
