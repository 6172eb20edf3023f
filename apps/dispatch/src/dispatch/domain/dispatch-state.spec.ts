import { emptyDispatchState, hasFreeSlot, scopeKey, WorkerState } from './dispatch-state';

function worker(overrides: Partial<WorkerState>): WorkerState {
  return {
    workerId: 'w-1',
    tenant: 'acme',
    namespace: 'default',
    name: 'w-1',
    actions: new Set(['img.resize']),
    maxRuns: 2,
    labels: {},
    available: true,
    deregistered: false,
    active: new Set(),
    ...overrides,
  };
}

describe('the dispatch state', () => {
  it('starts empty, and each empty state is its own', () => {
    const a = emptyDispatchState();
    const b = emptyDispatchState();
    for (const map of Object.values(a)) expect((map as Map<unknown, unknown>).size).toBe(0);
    a.workers.set('w-1', worker({}));
    expect(b.workers.size).toBe(0);
  });

  it('keys scoped names by tenant, namespace and name', () => {
    expect(scopeKey('acme', 'default', 'img.resize')).toBe('acme/default/img.resize');
    expect(scopeKey('acme', 'default', 'x')).not.toBe(scopeKey('acme', 'staging', 'x'));
  });
});

describe('a free slot', () => {
  it('is what an available worker has while it holds fewer steps than its maxRuns', () => {
    expect(hasFreeSlot(worker({ active: new Set() }))).toBe(true);
    expect(hasFreeSlot(worker({ active: new Set(['s-1']) }))).toBe(true);
    expect(hasFreeSlot(worker({ active: new Set(['s-1', 's-2']) }))).toBe(false);
  });

  it('is never what an unavailable worker has', () => {
    expect(hasFreeSlot(worker({ available: false }))).toBe(false);
  });
});
