import { AssignmentStrategy } from '@wharf/events';
import { WorkerState } from './dispatch-state';

/** What a strategy needs besides the pool: the recorded draw and, for round-robin, its last choice. */
export interface StrategyInput {
  strategy: AssignmentStrategy;
  /** Uniform in [0, 1). */
  draw: number;
  /** The worker round-robin chose last for the same tenant, namespace and action. */
  lastRoundRobin?: string;
}

function pick<T>(items: readonly T[], draw: number): T {
  return items[Math.min(items.length - 1, Math.floor(draw * items.length))];
}

function load(worker: WorkerState): number {
  return worker.active.size / worker.maxRuns;
}

/**
 * The worker a strategy chooses from a non-empty pool sorted by worker id — a pure function of the
 * pool, the workers' load and the input, so a replay of the same state and draw chooses the same:
 * `random` picks `pool[floor(draw * n)]`; `round-robin` the first worker after the last one it
 * chose (in worker-id order, wrapping around); `least-loaded` the lowest active/maxRuns ratio,
 * ties broken by the draw.
 */
export function chooseWorker(pool: readonly WorkerState[], input: StrategyInput): WorkerState {
  if (pool.length === 0) throw new Error('chooseWorker needs at least one candidate');
  switch (input.strategy) {
    case 'round-robin': {
      const last = input.lastRoundRobin;
      return (last === undefined ? undefined : pool.find((w) => w.workerId > last)) ?? pool[0];
    }
    case 'least-loaded': {
      const lowest = Math.min(...pool.map(load));
      return pick(
        pool.filter((w) => load(w) === lowest),
        input.draw,
      );
    }
    case 'random':
      return pick(pool, input.draw);
  }
}
