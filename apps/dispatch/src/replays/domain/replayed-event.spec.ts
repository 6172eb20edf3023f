import { StoredEvent } from '@wharf/events';
import { deterministicId } from '../../dispatch/domain/deterministic-id';
import { fold, workflowPut } from '../../dispatch/domain/testing/given';
import { replayedEventId } from './replay-ids';
import { replayedEvent } from './replayed-event';

const source: StoredEvent<'event.pushed'> = {
  id: 'src-1',
  type: 'event.pushed',
  schemaVersion: 1,
  tenant: 'src',
  namespace: 'prod',
  aggregate: { type: 'event', id: 'src-1' },
  occurredAt: '2030-01-01T00:00:00.000Z',
  actor: 'tok-src',
  correlationId: 'src-1',
  causationId: null,
  payload: { eventId: 'src-1', key: 'user:created', payload: { id: 7 }, metadata: { via: 'api' }, runs: [] },
  seq: 42,
  subject: 'wharf.src.prod.event.src-1',
};
const target = { replayId: 'r-1', from: 'src', to: 'dst', actor: 'tok-op' };
const context = { now: new Date('2031-01-01T00:00:00Z'), random: () => 0 };

describe('the copy of a source event', () => {
  it('keeps key, payload and metadata, lands in the mapped namespace and names its origin', () => {
    const copy = replayedEvent(fold([]), source, 'copy', target, context);
    const id = replayedEventId('dst', 'src', 'src-1');
    expect(copy).toMatchObject({
      id,
      type: 'event.pushed',
      tenant: 'dst',
      namespace: 'copy',
      aggregate: { type: 'event', id },
      actor: 'tok-op',
      correlationId: 'r-1',
      causationId: 'src-1',
      payload: {
        eventId: id,
        key: 'user:created',
        payload: { id: 7 },
        metadata: { via: 'api' },
        runs: [],
        provenance: { kind: 'replay', tenant: 'src', namespace: 'prod', eventId: 'src-1', seq: 42, replayId: 'r-1' },
      },
    });
  });

  it('is routed against the target’s workflows, not the source’s routing', () => {
    const state = fold([
      workflowPut('welcome', { tenant: 'dst', namespace: 'copy', eventKeys: ['user:created'], version: 2 }),
      workflowPut('source-only', { eventKeys: ['user:created'] }),
    ]);
    const copy = replayedEvent(state, source, 'copy', target, context);
    const id = replayedEventId('dst', 'src', 'src-1');
    expect(copy.payload.runs).toEqual([
      { runId: deterministicId(id, 'welcome'), workflow: 'welcome', workflowVersion: 2 },
    ]);
  });
});
