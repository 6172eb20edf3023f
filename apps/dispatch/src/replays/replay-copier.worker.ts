import { parentPort, workerData } from 'node:worker_threads';
import { connect } from 'nats';
import { describeNatsConnectFailure, EventStore, natsOptionsFromEnv } from '@wharf/event-store';
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
  // This thread only copies, and reports failures by message. The NATS client builds an error for
  // every answered request (and drops it): without stack traces that costs next to nothing.
  Error.stackTraceLimit = 0;
  // Without async traces: the client would otherwise build three stack traces for every append
  // (in case it fails), the copy's largest single cost. A failure keeps its message.
  const nc = await connect({
    ...natsOptionsFromEnv(process.env, `wharf-dispatch-replay-${input.target.replayId}`),
    noAsyncTraces: true,
  }).catch((err: unknown) => {
    throw new Error(describeNatsConnectFailure(err, process.env));
  });
  let last = 0;
  try {
    const store = await EventStore.connect({ name: `wharf-dispatch-replay-${input.target.replayId}`, stream, nc });
    const result = await copyRange(store, input, (progress) => {
      const now = Date.now();
      if (now - last < PROGRESS_MS) return;
      last = now;
      port.postMessage({ kind: 'progress', ...progress } satisfies CopierMessage);
    });
    port.postMessage({ kind: 'done', ...result } satisfies CopierMessage);
  } finally {
    await nc.drain();
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
