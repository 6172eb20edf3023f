import { AnyStoredEvent, EventPayloads, EventType } from '@wharf/events';
import { AggregateType } from '@wharf/names';
import { mergeActivities, NamespaceActivity, namespaceActivityOf } from './namespace-activity';

let seq = 0;

function stored<T extends EventType>(
  type: T,
  aggregateType: AggregateType,
  payload: EventPayloads[T],
  where: { tenant?: string; namespace?: string } = {},
): AnyStoredEvent {
  seq += 1;
  const tenant = where.tenant ?? 'acme';
  const namespace = where.namespace ?? 'ab';
  return {
    id: `e${seq}`,
    type,
    schemaVersion: 1,
    tenant,
    namespace,
    aggregate: { type: aggregateType, id: 'x1' },
    occurredAt: '2026-01-02T03:04:05.000Z',
    actor: 'test',
    correlationId: `e${seq}`,
    causationId: null,
    payload,
    seq,
    subject: `wharf.${tenant}.${namespace}.${aggregateType}.x1`,
  } as AnyStoredEvent;
}

const seen = {
  tenant: 'acme',
  namespace: 'ab',
  workers: 0,
  workflows: 0,
  events: 0,
  occurredAt: '2026-01-02T03:04:05.000Z',
};
const workerId = 'w1';

describe('namespaceActivityOf', () => {
  it('counts a registered worker, and takes it back when it deregisters', () => {
    const registered = stored('worker.registered', 'worker', {
      workerId,
      name: 'w',
      actions: ['a'],
      maxRuns: 1,
      labels: {},
    });
    expect(namespaceActivityOf(registered)).toEqual({ ...seen, workers: 1 });
    expect(namespaceActivityOf(stored('worker.deregistered', 'worker', { workerId }))).toEqual({
      ...seen,
      workers: -1,
    });
  });

  it('only marks the namespace seen when a worker comes and goes', () => {
    const unavailable = stored('worker.became-unavailable', 'worker', {
      workerId,
      reason: 'heartbeat-timeout',
      lastHeartbeatAt: null,
    });
    expect(namespaceActivityOf(unavailable)).toEqual(seen);
    expect(namespaceActivityOf(stored('worker.became-available', 'worker', { workerId }))).toEqual(seen);
  });

  it('counts a workflow name once: at its version 1', () => {
    const put = (version: number) =>
      stored('workflow.put', 'workflow', {
        name: 'flow',
        version,
        eventKeys: ['k'],
        steps: [{ name: 's', action: 'a' }],
      });
    expect(namespaceActivityOf(put(1))).toEqual({ ...seen, workflows: 1 });
    expect(namespaceActivityOf(put(2))).toEqual(seen);
  });

  it('counts a pushed event', () => {
    const pushed = stored('event.pushed', 'event', { eventId: 'e', key: 'k', payload: {}, metadata: {}, runs: [] });
    expect(namespaceActivityOf(pushed)).toEqual({ ...seen, events: 1 });
  });

  it('ignores runs, tokens and tenants, and the reserved namespace and tenant', () => {
    const runCompleted = stored('run.completed', 'run', { runId: 'r', output: null });
    expect(namespaceActivityOf(runCompleted)).toBeNull();
    const token = stored('token.revoked', 'token', { tokenId: 't' }, { namespace: '_' });
    expect(namespaceActivityOf(token)).toBeNull();
    const system = stored('worker.deregistered', 'worker', { workerId }, { tenant: '_' });
    expect(namespaceActivityOf(system)).toBeNull();
  });
});

describe('mergeActivities', () => {
  const activity = (over: Partial<NamespaceActivity>): NamespaceActivity => ({
    tenant: 'acme',
    namespace: 'ab',
    workers: 0,
    workflows: 0,
    events: 0,
    occurredAt: '2026-01-02T03:04:05.000Z',
    ...over,
  });

  it('adds up the counts of one namespace and keeps its earliest and latest time', () => {
    expect(
      mergeActivities([
        activity({ workers: 1, occurredAt: '2026-01-02T03:04:06.000Z' }),
        activity({ events: 1, occurredAt: '2026-01-02T03:04:04.000Z' }),
        activity({ workers: -1, workflows: 1, events: 1, occurredAt: '2026-01-02T03:04:09.000Z' }),
      ]),
    ).toEqual([
      {
        tenant: 'acme',
        namespace: 'ab',
        workers: 0,
        workflows: 1,
        events: 2,
        firstSeenAt: '2026-01-02T03:04:04.000Z',
        lastSeenAt: '2026-01-02T03:04:09.000Z',
      },
    ]);
  });

  it('keeps namespaces and tenants apart, in order of first appearance', () => {
    const sums = mergeActivities([
      activity({ namespace: 'b', events: 1 }),
      activity({ tenant: 'other', namespace: 'b', events: 1 }),
      activity({ namespace: 'a', events: 1 }),
      activity({ namespace: 'b', events: 1 }),
    ]);
    expect(sums.map((s) => [s.tenant, s.namespace, s.events])).toEqual([
      ['acme', 'b', 2],
      ['other', 'b', 1],
      ['acme', 'a', 1],
    ]);
  });

  it('gives nothing for no activity', () => {
    expect(mergeActivities([])).toEqual([]);
  });
});
