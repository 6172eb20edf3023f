import { parentPort, workerData } from 'node:worker_threads';
import { EventStore } from '@wharf/event-store';
import { copyRange, CopyProgress, CopyRangeInput, CopyResult } from './copy-range';

/** What the worker thread is given, and what it posts back. */
export interface CopierData {
  stream: string;
  input: CopyRangeInput;
}

export type CopierMessage = ({ kind: 'progress' } & CopyProgress) | ({ kind: 'done' } & CopyResult);

/** Posts progress at most this often: the parent checkpoints from it. */
const PROGRESS_MS = 100;

/**
 * A replay's copy loop in its own thread with its own NATS connection, so the dispatch process's
 * main thread (the dispatcher and the read model, which fold every copy as it lands) does not
 * slow it down, nor it them.
 */
async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('replay-copier.worker runs as a worker thread only');
  const { stream, input } = workerData as CopierData;
  const store = await EventStore.connect({ name: `wharf-dispatch-replay-${input.target.replayId}`, stream });
  let last = 0;
  try {
    const result = await copyRange(store, input, (progress) => {
      const now = Date.now();
      if (now - last < PROGRESS_MS) return;
      last = now;
      port.postMessage({ kind: 'progress', ...progress } satisfies CopierMessage);
    });
    port.postMessage({ kind: 'done', ...result } satisfies CopierMessage);
  } finally {
    await store.close();
  }
}

void main().catch((err: Error) => {
  parentPort?.postMessage({
    kind: 'done',
    replayed: 0,
    skipped: 0,
    throughSeq: (workerData as CopierData).input.fromSeq - 1,
    failure: err.message,
    finishedAt: Date.now(),
  } satisfies CopierMessage);
});
