import { chooseWorker } from './choose-worker';
import { WorkerState } from './dispatch-state';

function worker(workerId: string, active = 0, maxRuns = 4): WorkerState {
  return {
    workerId,
    tenant: 'acme',
    namespace: 'default',
    name: workerId,
    actions: new Set(['work']),
    maxRuns,
    labels: {},
    available: true,
    deregistered: false,
    active: new Set(Array.from({ length: active }, (_, i) => `${workerId}-step-${i}`)),
  };
}

const ids = (...workers: WorkerState[]) => workers.map((w) => w.workerId);

describe('chooseWorker', () => {
  const pool = [worker('w-a'), worker('w-b'), worker('w-c'), worker('w-d')];

  it('random: picks pool[floor(draw * n)]', () => {
    expect(ids(...[0, 0.25, 0.5, 0.999].map((draw) => chooseWorker(pool, { strategy: 'random', draw })))).toEqual([
      'w-a',
      'w-b',
      'w-c',
      'w-d',
    ]);
  });

  it('round-robin: the next worker after the last one, wrapping around, whatever the draw', () => {
    const next = (lastRoundRobin?: string) =>
      chooseWorker(pool, { strategy: 'round-robin', draw: 0.7, lastRoundRobin }).workerId;
    expect([undefined, 'w-a', 'w-b', 'w-c', 'w-d'].map(next)).toEqual(['w-a', 'w-b', 'w-c', 'w-d', 'w-a']);
    // The last one may have left the pool: the order of worker ids still says who is next.
    expect(
      chooseWorker([worker('w-a'), worker('w-d')], { strategy: 'round-robin', draw: 0, lastRoundRobin: 'w-b' })
        .workerId,
    ).toBe('w-d');
  });

  it('least-loaded: the lowest active/maxRuns ratio, ties broken by the draw', () => {
    const loaded = [worker('w-a', 1, 2), worker('w-b', 1, 4), worker('w-c', 2, 8), worker('w-d', 3, 4)];
    expect(chooseWorker(loaded, { strategy: 'least-loaded', draw: 0 }).workerId).toBe('w-b');
    expect(chooseWorker(loaded, { strategy: 'least-loaded', draw: 0.5 }).workerId).toBe('w-c');
  });

  it('refuses an empty pool', () => {
    expect(() => chooseWorker([], { strategy: 'random', draw: 0 })).toThrow(/at least one candidate/);
  });
});
