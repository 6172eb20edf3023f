import { AppendConflictError, EventStore } from '@wharf/event-store';
import { AnyStoredEvent, ReplaySelection, StoredEvent } from '@wharf/events';
import { DispatchState, emptyDispatchState } from '../dispatch/domain/dispatch-state';
import { CheckpointTracker } from './domain/checkpoint-tracker';
import { selector } from './domain/replay-selection';
import { replayedEvent, ReplayTarget } from './domain/replayed-event';

/** Appends of copies in flight at once: enough to keep JetStream busy, few enough to bound memory. */
const MAX_IN_FLIGHT = 1_000;
/** Copies published in one synchronous pass (the client writes them to the socket at once). */
const PUBLISH_BATCH = 250;

/** The target's routing as the dispatcher had it when the copy started (workflows copied included). */
export type TargetRouting = Pick<DispatchState, 'workflows' | 'triggers'>;

export interface CopyRangeInput {
  filter: string;
  fromSeq: number;
  untilSeq: number;
  selection: ReplaySelection;
  target: ReplayTarget;
  routing: TargetRouting;
  /** Test-only (WHARF_REPLAY_CRASH_AFTER): kill the process after this many appends; 0 = never. */
  crashAfter: number;
}

/** Counts of this copy (not of earlier attempts), and how far it is safely done. */
export interface CopyProgress {
  replayed: number;
  skipped: number;
  /** Every selected source event up to here is in the target. */
  throughSeq: number;
}

export interface CopyResult extends CopyProgress {
  failure: string | null;
  /** When the last copy was stored (epoch ms): the replay's end, however late its record is written. */
  finishedAt: number;
}

/** The routing of one tenant out of the dispatcher's state: small, and cloneable to a worker thread. */
export function routingOf(state: Readonly<DispatchState>, tenant: string): TargetRouting {
  const routing = emptyDispatchState();
  const prefix = `${tenant}/`;
  for (const [id, workflow] of state.workflows) if (id.startsWith(prefix)) routing.workflows.set(id, workflow);
  for (const [key, ids] of state.triggers) if (key.startsWith(prefix)) routing.triggers.set(key, new Set(ids));
  return { workflows: routing.workflows, triggers: routing.triggers };
}

/** Counts the appends in flight: `room` waits while the bound is reached, `drained` until none is left. */
class InFlight {
  private count = 0;
  private waiters: (() => void)[] = [];

  constructor(private readonly max: number) {}

  track(work: Promise<void>): void {
    this.count += 1;
    void work.finally(() => {
      this.count -= 1;
      const next = this.waiters.shift();
      if (next) next();
    });
  }

  async room(): Promise<void> {
    while (this.count >= this.max) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  async drained(): Promise<void> {
    while (this.count > 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
}

/**
 * Copies the selected source events of one range into the target, in source order, from one
 * connection with many appends in flight (JetStream stores them in the order they were sent).
 * Each copy expects its subject empty: one already there is refused and counted as skipped. The
 * first other error stops the copy (`failure`); what was stored stays, and `throughSeq` says up
 * to where everything is.
 */
export async function copyRange(
  store: EventStore,
  input: CopyRangeInput,
  onProgress: (progress: CopyProgress) => void,
): Promise<CopyResult> {
  const select = selector(input.selection);
  const state = { ...emptyDispatchState(), ...input.routing };
  const tracker = new CheckpointTracker(input.fromSeq - 1);
  const inFlight = new InFlight(MAX_IN_FLIGHT);
  let failure: string | null = null;
  let replayed = 0;
  let skipped = 0;
  const progress = (): CopyProgress => ({ replayed, skipped, throughSeq: tracker.throughSeq });

  const copyOf = (event: StoredEvent<'event.pushed'>, namespace: string): void => {
    const copy = replayedEvent(state, event, namespace, input.target, { now: new Date(), random: Math.random });
    tracker.send(event.seq);
    const settle = (wasThere: boolean): void => {
      if (wasThere) skipped += 1;
      else replayed += 1;
      tracker.settle(event.seq);
      onProgress(progress());
    };
    inFlight.track(
      store.append(copy, { expectedLastSubjectSeq: 0 }).then(
        (ack) => {
          settle(ack.duplicate);
          if (!ack.duplicate && input.crashAfter > 0 && replayed >= input.crashAfter)
            process.kill(process.pid, 'SIGKILL');
        },
        (err: unknown) => {
          if (err instanceof AppendConflictError) return settle(true);
          failure ??= `appending the copy of source event ${event.payload.eventId} (seq ${event.seq}) failed: ${(err as Error).message}`;
        },
      ),
    );
  };

  let batch: AnyStoredEvent[] = [];
  const publishBatch = async (): Promise<void> => {
    const events = batch;
    batch = [];
    for (const event of events) {
      if (failure !== null) return;
      const namespace =
        event.type === 'event.pushed'
          ? select({ namespace: event.namespace, key: event.payload.key, occurredAt: event.occurredAt })
          : null;
      if (namespace === null || event.type !== 'event.pushed') tracker.pass(event.seq);
      else copyOf(event, namespace);
    }
    await inFlight.room();
  };

  try {
    await store.readRange(input.filter, input.fromSeq, input.untilSeq, async (event) => {
      if (failure !== null) return;
      batch.push(event);
      if (batch.length >= PUBLISH_BATCH) await publishBatch();
    });
    await publishBatch();
  } catch (err) {
    failure ??= (err as Error).message;
  }
  await inFlight.drained();
  if (failure === null) tracker.finish(input.untilSeq);
  onProgress(progress());
  return { ...progress(), failure, finishedAt: Date.now() };
}
