/** What the signal handling needs of a worker. */
export interface SignalStoppable {
  /** Stops gracefully: finish or hand back within the grace period, then deregister. */
  stop(): Promise<unknown>;
  /** Ends the grace period now: hand back what still runs. */
  endGrace(): void;
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
type StopSignal = (typeof SIGNALS)[number];

const workers = new Set<SignalStoppable>();
const stopping = new Set<SignalStoppable>();

function onSignal(signal: StopSignal): void {
  // A second signal while stopping: no more waiting for running steps.
  for (const worker of stopping) worker.endGrace();
  const toStop = [...workers].filter((w) => !stopping.has(w));
  if (toStop.length === 0) return;
  for (const worker of toStop) stopping.add(worker);
  void Promise.allSettled(toStop.map((w) => w.stop())).then(() => {
    for (const worker of toStop) {
      stopping.delete(worker);
      unwatchSignals(worker);
    }
    if (workers.size > 0 || stopping.size > 0) return;
    // Every worker is gone: let the signal do what it would have done without us, unless the
    // program listens for it itself (then it decides when to exit).
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

const listeners: Record<StopSignal, () => void> = {
  SIGTERM: () => onSignal('SIGTERM'),
  SIGINT: () => onSignal('SIGINT'),
};

/**
 * On SIGTERM or SIGINT, every watched worker stops gracefully; once all of them deregistered, the
 * process gets the signal's default behaviour (it exits), unless the program has its own listener
 * for it. One listener per signal however many workers run in the process.
 */
export function watchSignals(worker: SignalStoppable): void {
  if (workers.size === 0 && stopping.size === 0) for (const signal of SIGNALS) process.on(signal, listeners[signal]);
  workers.add(worker);
}

/** The worker stopped (or is stopping by itself): the process no longer needs to stop it on a signal. */
export function unwatchSignals(worker: SignalStoppable): void {
  workers.delete(worker);
  if (workers.size === 0 && stopping.size === 0) {
    for (const signal of SIGNALS) process.off(signal, listeners[signal]);
  }
}
