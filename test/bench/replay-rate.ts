import { randomUUID } from 'node:crypto';
import { EventStore } from '@wharf/event-store';
import { newEvent } from '@wharf/events';
import { HttpClient, Replay, ReplaysResource, resolveWharfConfig, Wharf } from '@wharf/sdk';
import { WharfCluster } from '../support/wharf-cluster';

/** Appends of the seed in flight at once. */
const SEED_IN_FLIGHT = 1_000;

/**
 * Replay rate: seeds a new source tenant with `events` pushed events (appended directly to the
 * stream, many in flight: seeding is not what is measured), then replays it into a new tenant
 * (`create`) with the operator token and measures the replay's recorded duration, from its start
 * to its last copy stored (the request-to-answer wall time, which adds the 100 ms polling, bounds
 * it). The events trigger no workflow, so the rate is the replay's own.
 */
export async function measureReplay(
  cluster: WharfCluster,
  operatorToken: string,
  events = 100_000,
): Promise<{ events: number; ms: number; rate: number }> {
  const operator = new Wharf({ url: cluster.url, token: operatorToken, tenant: null });
  const source = await operator.tenants.create({ name: 'Bench replay source', purpose: 'development' });
  const store = await EventStore.connect({ name: 'bench-replay-seed', env: { WHARF_NATS_URL: cluster.natsUrl } });
  try {
    const inFlight = new Set<Promise<unknown>>();
    for (let i = 0; i < events; i += 1) {
      const eventId = randomUUID();
      const append = store
        .append(
          newEvent({
            id: eventId,
            type: 'event.pushed',
            tenant: source.slug,
            namespace: 'default',
            aggregate: { type: 'event', id: eventId },
            actor: 'bench',
            payload: { eventId, key: 'bench:replayed', payload: { i }, metadata: { bench: 'replay' }, runs: [] },
          }),
          { expectedLastSubjectSeq: 0 },
        )
        .finally(() => inFlight.delete(append));
      inFlight.add(append);
      if (inFlight.size >= SEED_IN_FLIGHT) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    // The services digest the seed before the clock starts: that is not the replay's work.
    const seeded = await store.lastSeq();
    // (The tenant service follows tenant-wide subjects only: the seed never reaches it.)
    for (const service of ['registry', 'dispatch']) {
      for (;;) {
        const health = (await (await fetch(`${cluster.url}/api/v1/health/${service}`)).json()) as {
          appliedSeq: number;
        };
        if (health.appliedSeq >= seeded) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } finally {
    await store.close();
  }

  const to = `bench-replay-${randomUUID().slice(0, 8)}`;
  const replays = (tenant: string | null) =>
    new ReplaysResource(
      new HttpClient(resolveWharfConfig({ url: cluster.url, token: operatorToken, tenant, env: {} })),
    );
  const started = performance.now();
  let replay: Replay = await replays(null).start({ from: source.slug, to, create: true });
  const reader = replays(to);
  while (replay.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 100));
    replay = await reader.get(replay.replayId);
  }
  const wallMs = performance.now() - started;
  if (replay.status !== 'completed') throw new Error(`the bench replay ended ${replay.status}: ${replay.reason ?? ''}`);
  const replayed = replay.replayed + replay.skipped;
  if (replayed !== events) throw new Error(`the bench replay copied ${replayed} of ${events} events`);
  // The replay's own duration (its start to its last copy stored); the poll can only add to it.
  const ms = replay.durationMs ?? wallMs;
  return { events, ms, rate: (events * 1000) / ms };
}
