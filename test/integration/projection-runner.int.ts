import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TokenEntity, TokenProjection } from '@wharf/auth';
import { AnyStoredEvent } from '@wharf/events';
import { EventStore } from '@wharf/event-store';
import {
  openReadModel,
  OpenedReadModel,
  Projection,
  ProjectionRunner,
  ProjectionRunnerOptions,
  SqliteDriver,
} from '@wharf/projections';
import { startNatsServer, RunningNats } from '../support/nats-server';
import { dumpReadModel, TableDump } from './support/read-model-dump';
import { LedgerProjection } from './support/ledger.projection';
import { RandomEventMix } from './support/random-event-mix';
import { SeededRandom } from './support/seeded-random';
import { WorkerRosterProjection } from './support/worker-roster.projection';
import { WorkerRowEntity } from './support/worker-row.entity';
import { WorkflowCatalogueProjection } from './support/workflow-catalogue.projection';
import { WorkflowRowEntity } from './support/workflow-row.entity';

// The simulated crashes below make the runner log an error on purpose; keep the test output clean.
Logger.overrideLogger(false);
jest.setTimeout(60_000);

const READ_MODEL = 'test-model';
const CHECKPOINT_TABLE = 'projection_checkpoint';

function projections(): Projection[] {
  return [
    new TokenProjection(),
    new LedgerProjection(),
    new WorkerRosterProjection(),
    new WorkflowCatalogueProjection(),
  ];
}
const ENTITIES = projections().flatMap((p) => p.entities);

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

/** Sequences in the order they were applied: a repeat is a double application, a gap a skip. */
async function appliedSeqs(dataSource: DataSource): Promise<number[]> {
  const rows: { seq: number }[] = await dataSource.query('SELECT seq FROM test_applied_event ORDER BY position');
  return rows.map((r) => Number(r.seq));
}

async function checkpointOf(dataSource: DataSource): Promise<{ lastSeq: number; schemaVersion: number } | null> {
  const rows: { lastSeq: number; schemaVersion: number }[] = await dataSource.query(
    `SELECT lastSeq, schemaVersion FROM ${CHECKPOINT_TABLE} WHERE name = ?`,
    [READ_MODEL],
  );
  return rows.length === 0 ? null : { lastSeq: Number(rows[0].lastSeq), schemaVersion: Number(rows[0].schemaVersion) };
}

async function countsPerSubject(dataSource: DataSource): Promise<Map<string, number>> {
  const rows: { subject: string; events: number }[] = await dataSource.query(
    'SELECT subject, events FROM test_aggregate_count',
  );
  return new Map(rows.map((r) => [r.subject, Number(r.events)]));
}

function withoutCheckpoint(dump: TableDump[]): TableDump[] {
  return dump.filter((t) => t.table !== CHECKPOINT_TABLE);
}

/** The read model holds exactly what the mix appended: every event once, and the state it expects. */
async function expectReadModelMatches(dataSource: DataSource, mix: RandomEventMix): Promise<void> {
  expect(await appliedSeqs(dataSource)).toEqual(range(1, mix.lastSeq));
  expect(await countsPerSubject(dataSource)).toEqual(mix.perSubject);
  const tokens = await dataSource.manager.find(TokenEntity);
  expect(new Map(tokens.map((t) => [t.tokenId, { tenant: t.tenant, revoked: Boolean(t.revoked) }]))).toEqual(
    mix.tokens,
  );
  const workers = await dataSource.manager.find(WorkerRowEntity);
  expect(
    new Map(
      workers.map((w) => [
        w.workerId,
        { workerId: w.workerId, tenant: w.tenant, namespace: w.namespace, status: w.status },
      ]),
    ),
  ).toEqual(mix.workers);
  const workflows = await dataSource.manager.find(WorkflowRowEntity);
  expect(
    new Map(
      workflows.map((w) => [
        `${w.tenant}/${w.namespace}/${w.name}`,
        { tenant: w.tenant, namespace: w.namespace, name: w.name, version: w.version },
      ]),
    ),
  ).toEqual(mix.workflows);
}

describe.each<SqliteDriver>(['better-sqlite3', 'sqlite3'])(
  'ProjectionRunner with a real nats-server and SQLite (%s)',
  (driver) => {
    let nats: RunningNats;
    let store: EventStore;
    let dir: string;
    let cleanups: (() => Promise<unknown>)[];

    beforeEach(async () => {
      cleanups = [];
      nats = await startNatsServer();
      store = await EventStore.connect({ name: 'projection-runner-test', env: { WHARF_NATS_URL: nats.url } });
      dir = mkdtempSync(join(tmpdir(), 'wharf-projection-'));
    });

    afterEach(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
      await store?.close();
      await nats?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    async function open(file = 'read-model.sqlite', schemaVersion = 1): Promise<OpenedReadModel> {
      const opened = await openReadModel({
        file: join(dir, file),
        driver,
        entities: ENTITIES,
        name: READ_MODEL,
        schemaVersion,
      });
      cleanups.push(async () => {
        if (opened.dataSource.isInitialized) await opened.dataSource.destroy();
      });
      return opened;
    }

    function runnerOn(dataSource: DataSource, options: Partial<ProjectionRunnerOptions> = {}): ProjectionRunner {
      const runner = new ProjectionRunner({
        name: READ_MODEL,
        store,
        dataSource,
        projections: projections(),
        schemaVersion: 1,
        ...options,
      });
      cleanups.push(() => runner.stop());
      return runner;
    }

    /** afterCommit hook that throws after the `crashAfter`-th non-empty batch committed, before its ack. */
    function crashAfterBatch(crashAfter: number) {
      let batches = 0;
      let signal: (lastCommittedSeq: number) => void = () => undefined;
      const crashed = new Promise<number>((resolve) => (signal = resolve));
      const afterCommit = (events: readonly AnyStoredEvent[]) => {
        if (events.length === 0) return;
        batches += 1;
        if (batches === crashAfter) {
          signal(events[events.length - 1].seq);
          throw new Error('simulated crash between commit and ack');
        }
      };
      return { afterCommit, crashed };
    }

    describe('(a) applying', () => {
      it('applies events appended before and after start, and the checkpoint equals the last sequence', async () => {
        const mix = new RandomEventMix(store, 11);
        await mix.append(40);
        const { dataSource, fresh } = await open();
        expect(fresh).toBe(true);
        const runner = runnerOn(dataSource, { batchSize: 7 });
        await runner.start();
        await runner.catchUp();
        await mix.append(25);
        await runner.waitFor(mix.lastSeq);

        expect(mix.lastSeq).toBe(65);
        expect(await store.lastSeq()).toBe(65);
        expect(runner.appliedSeq).toBe(65);
        expect(await checkpointOf(dataSource)).toEqual({ lastSeq: 65, schemaVersion: 1 });
        await expectReadModelMatches(dataSource, mix);
      });

      it('tells onApplied listeners about every batch, in stream order, after it committed', async () => {
        const mix = new RandomEventMix(store, 12);
        await mix.append(30);
        const { dataSource } = await open();
        const runner = runnerOn(dataSource, { batchSize: 4 });
        const seen: number[] = [];
        const committedWhenSeen: boolean[] = [];
        runner.onApplied((events) => {
          seen.push(...events.map((e) => e.seq));
          committedWhenSeen.push(events.every((e) => e.seq <= runner.appliedSeq));
        });
        await runner.start();
        await runner.catchUp();
        expect(seen).toEqual(range(1, 30));
        expect(committedWhenSeen.every(Boolean)).toBe(true);
      });
    });

    it('a read model whose projections skip most aggregates still checkpoints the last sequence', async () => {
      const mix = new RandomEventMix(store, 13);
      await mix.append(60);
      await mix.appendPushedEvents(5);
      const { dataSource } = await open('filtered.sqlite');
      const filtered = [new TokenProjection(), new WorkerRosterProjection()];
      expect(filtered.every((p) => p.aggregateTypes !== undefined)).toBe(true);
      const runner = runnerOn(dataSource, { projections: filtered, batchSize: 4 });
      await runner.start();
      await runner.catchUp();
      expect(runner.appliedSeq).toBe(mix.lastSeq);
      const tokens = await dataSource.manager.find(TokenEntity);
      expect(new Map(tokens.map((t) => [t.tokenId, { tenant: t.tenant, revoked: Boolean(t.revoked) }]))).toEqual(
        mix.tokens,
      );
      expect(await dataSource.manager.count(WorkerRowEntity)).toBe(mix.workers.size);
      // Skipped events are checkpointed at most once a second while running, and on stop.
      await runner.stop();
      expect(await checkpointOf(dataSource)).toEqual({ lastSeq: mix.lastSeq, schemaVersion: 1 });

      const restarted = runnerOn(dataSource, { projections: filtered });
      await restarted.start();
      expect(restarted.appliedSeq).toBe(mix.lastSeq);
    });

    it('hands a projection with applyBatch each batch of its aggregate types at once, in stream order', async () => {
      const mix = new RandomEventMix(store, 17);
      await mix.append(80);
      await mix.appendPushedEvents(10);
      const { dataSource } = await open('batched.sqlite');
      const calls: number[][] = [];
      const batched: Projection = {
        entities: [],
        aggregateTypes: ['worker', 'event'],
        apply: () => Promise.reject(new Error('apply must not be called when applyBatch exists')),
        applyBatch: (events) => {
          calls.push(events.map((e) => e.seq));
          return Promise.resolve();
        },
      };
      const runner = runnerOn(dataSource, { projections: [...projections(), batched], batchSize: 9 });
      await runner.start();
      await runner.catchUp();

      const expected: number[] = [];
      await store.readRange('wharf.>', 1, mix.lastSeq, (event) => {
        if (event.aggregate.type === 'worker' || event.aggregate.type === 'event') expected.push(event.seq);
      });
      expect(expected.length).toBeGreaterThan(10);
      expect(calls.flat()).toEqual(expected);
      for (const call of calls) expect(call.length).toBeGreaterThan(0);
      // The other projections still applied everything, event by event, in the same transactions.
      await expectReadModelMatches(dataSource, mix);
    });

    describe('(b) crash between commit and ack', () => {
      it('a new runner on the same file applies no event twice and skips none', async () => {
        const mix = new RandomEventMix(store, 21);
        await mix.append(60);
        const first = await open();
        const crash = crashAfterBatch(3);
        const crashing = runnerOn(first.dataSource, { batchSize: 7, afterCommit: crash.afterCommit });
        await crashing.start();
        const lastCommitted = await crash.crashed;
        await crashing.stop();

        // Batches hold what had arrived when the runner got to them: at most 7 each.
        expect(lastCommitted).toBeGreaterThanOrEqual(3);
        expect(lastCommitted).toBeLessThanOrEqual(21);
        expect(await checkpointOf(first.dataSource)).toEqual({ lastSeq: lastCommitted, schemaVersion: 1 });
        expect(await appliedSeqs(first.dataSource)).toEqual(range(1, lastCommitted));
        // The committed batch was never acked: JetStream would deliver it again to this consumer.
        const consumer = await store.jsm.consumers.info(store.stream, crashing.consumerName);
        expect(consumer.ack_floor.stream_seq).toBeLessThan(lastCommitted);
        await expect(crashing.waitFor(60)).rejects.toThrow('simulated crash between commit and ack');

        // A restarted process opens the same file and starts a new runner.
        await first.dataSource.destroy();
        const reopened = await open();
        expect(reopened.fresh).toBe(false);
        const restarted = runnerOn(reopened.dataSource, { batchSize: 7 });
        await restarted.start();
        await restarted.catchUp();
        expect(restarted.appliedSeq).toBe(60);
        expect(await checkpointOf(reopened.dataSource)).toEqual({ lastSeq: 60, schemaVersion: 1 });
        await expectReadModelMatches(reopened.dataSource, mix);
      });

      it('survives a crash after every few batches, with events appended in between, applying each once', async () => {
        const mix = new RandomEventMix(store, 22);
        const random = new SeededRandom(2200);
        const { dataSource } = await open();
        await mix.append(30);
        for (let round = 0; round < 8; round++) {
          const crash = crashAfterBatch(random.int(1, 3));
          const runner = runnerOn(dataSource, { batchSize: random.int(1, 9), afterCommit: crash.afterCommit });
          await runner.start();
          const stillToApply = (await checkpointOf(dataSource))?.lastSeq !== mix.lastSeq;
          if (stillToApply) {
            await Promise.race([crash.crashed, runner.catchUp()]);
          }
          await runner.stop();
          await mix.append(random.int(0, 15));
          expect(new Set(await appliedSeqs(dataSource)).size).toBe((await appliedSeqs(dataSource)).length);
        }
        const finisher = runnerOn(dataSource);
        await finisher.start();
        await finisher.catchUp();
        expect(await checkpointOf(dataSource)).toEqual({ lastSeq: mix.lastSeq, schemaVersion: 1 });
        await expectReadModelMatches(dataSource, mix);
      });

      it('a runner stopped by a failure can be started again and continues where it committed', async () => {
        const mix = new RandomEventMix(store, 23);
        await mix.append(25);
        const { dataSource } = await open();
        const crash = crashAfterBatch(2);
        const runner = runnerOn(dataSource, { batchSize: 5, afterCommit: crash.afterCommit });
        await runner.start();
        expect(await crash.crashed).toBeLessThanOrEqual(10);
        await runner.stop();
        await runner.start();
        await runner.catchUp();
        await expectReadModelMatches(dataSource, mix);
      });

      it('rejects a waiter that was pending when the runner failed, instead of leaving it to time out', async () => {
        const mix = new RandomEventMix(store, 24);
        await mix.append(20);
        const { dataSource } = await open();
        const crash = crashAfterBatch(1);
        const runner = runnerOn(dataSource, { batchSize: 5, afterCommit: crash.afterCommit });
        const pending = runner.waitFor(20, 600_000);
        await runner.start();
        await expect(pending).rejects.toThrow('simulated crash between commit and ack');
      });
    });

    describe('(c) restart', () => {
      it('continues after the stored sequence: events appended while stopped are applied once', async () => {
        const mix = new RandomEventMix(store, 31);
        await mix.append(30);
        const first = await open();
        const runner = runnerOn(first.dataSource, { batchSize: 6 });
        await runner.start();
        await runner.catchUp();
        await runner.stop();

        await mix.append(20);
        // The same runner again (a consumer restart inside one process).
        await runner.start();
        await runner.catchUp();
        expect(await appliedSeqs(first.dataSource)).toEqual(range(1, 50));
        await runner.stop();
        await first.dataSource.destroy();

        await mix.append(15);
        // A new process: the file reopened, a new runner.
        const second = await open();
        expect(second.fresh).toBe(false);
        const restarted = runnerOn(second.dataSource, { batchSize: 6 });
        await restarted.start();
        expect(restarted.appliedSeq).toBe(50);
        await restarted.catchUp();
        expect(await checkpointOf(second.dataSource)).toEqual({ lastSeq: 65, schemaVersion: 1 });
        await expectReadModelMatches(second.dataSource, mix);
      });
    });

    describe('(d) rebuild', () => {
      it('a rebuilt read model equals the incrementally built one row for row, and so does a fresh database', async () => {
        const mix = new RandomEventMix(store, 41);
        const random = new SeededRandom(4100);
        const live = await open('live.sqlite');
        let runner = runnerOn(live.dataSource, { batchSize: 16 });
        await runner.start();
        // Built incrementally: appends racing the runner, with restarts in between.
        while (mix.appended < 400) {
          await mix.append(random.int(10, 60));
          if (random.next() < 0.3) {
            await runner.stop();
            runner = runnerOn(live.dataSource, { batchSize: random.int(1, 32) });
            await runner.start();
          }
        }
        await runner.catchUp();
        await expectReadModelMatches(live.dataSource, mix);
        const incremental = await dumpReadModel(live.dataSource);
        expect(incremental.map((t) => t.table)).toEqual([
          'auth_archived_tenant',
          'auth_token',
          CHECKPOINT_TABLE,
          'test_aggregate_count',
          'test_applied_event',
          'test_worker',
          'test_workflow',
        ]);
        for (const table of incremental) expect(table.rows.length).toBeGreaterThan(0);
        expect(new Set(mix.perSubject.keys()).size).toBeGreaterThan(50);

        const rebuilt = await runner.rebuild();
        expect(rebuilt.events).toBe(mix.lastSeq);
        expect(await dumpReadModel(live.dataSource)).toEqual(incremental);

        const second = await open('second.sqlite');
        expect(second.fresh).toBe(true);
        const secondRunner = runnerOn(second.dataSource, { consumer: 'second-projection' });
        await secondRunner.start();
        await secondRunner.catchUp();
        expect(await dumpReadModel(second.dataSource)).toEqual(incremental);

        // After a rebuild the runner follows the stream live again.
        await mix.append(10);
        await runner.waitFor(mix.lastSeq);
        await expectReadModelMatches(live.dataSource, mix);
      });

      it('a rebuild recovers a runner that had stopped on a failure', async () => {
        const mix = new RandomEventMix(store, 42);
        await mix.append(40);
        const { dataSource } = await open();
        const crash = crashAfterBatch(2);
        const runner = runnerOn(dataSource, { batchSize: 8, afterCommit: crash.afterCommit });
        await runner.start();
        await crash.crashed;
        await runner.rebuild();
        await expectReadModelMatches(dataSource, mix);
        expect(runner.appliedSeq).toBe(40);
      });

      it('rebuild empties the read model before replaying and tells onReset listeners', async () => {
        const mix = new RandomEventMix(store, 43);
        await mix.append(20);
        const { dataSource } = await open();
        const runner = runnerOn(dataSource);
        const rowsAtReset: number[] = [];
        runner.onReset(async () => {
          rowsAtReset.push((await appliedSeqs(dataSource)).length);
        });
        await runner.start();
        await runner.catchUp();
        await runner.rebuild();
        expect(rowsAtReset).toEqual([0]);
        await expectReadModelMatches(dataSource, mix);
      });
    });

    describe('(e) schema version', () => {
      it('keeps a database of the same schema version, and recreates one of an unknown version empty, then refills it', async () => {
        const mix = new RandomEventMix(store, 51);
        await mix.append(50);
        const first = await open();
        const runner = runnerOn(first.dataSource);
        await runner.start();
        await runner.catchUp();
        const built = await dumpReadModel(first.dataSource);
        await runner.stop();
        await first.dataSource.destroy();

        const same = await open();
        expect(same.fresh).toBe(false);
        expect(await dumpReadModel(same.dataSource)).toEqual(built);
        await same.dataSource.query(`UPDATE ${CHECKPOINT_TABLE} SET schemaVersion = 99`);
        await same.dataSource.destroy();

        const recreated = await open();
        expect(recreated.fresh).toBe(true);
        const empty = await dumpReadModel(recreated.dataSource);
        expect(empty.map((t) => t.table)).toEqual(built.map((t) => t.table));
        for (const table of empty) expect(table.rows).toEqual([]);

        const refill = runnerOn(recreated.dataSource);
        await refill.start();
        await refill.catchUp();
        expect(await dumpReadModel(recreated.dataSource)).toEqual(built);
        await expectReadModelMatches(recreated.dataSource, mix);
      });

      it('a service of a new schema version starts from an empty database and refills it under its version', async () => {
        const mix = new RandomEventMix(store, 52);
        await mix.append(30);
        const v1 = await open('model.sqlite', 1);
        const runner = runnerOn(v1.dataSource);
        await runner.start();
        await runner.catchUp();
        const built = await dumpReadModel(v1.dataSource);
        await runner.stop();
        await v1.dataSource.destroy();

        const v2 = await open('model.sqlite', 2);
        expect(v2.fresh).toBe(true);
        expect(await checkpointOf(v2.dataSource)).toBeNull();
        const upgraded = runnerOn(v2.dataSource, { schemaVersion: 2 });
        await upgraded.start();
        await upgraded.catchUp();
        expect(await checkpointOf(v2.dataSource)).toEqual({ lastSeq: 30, schemaVersion: 2 });
        expect(withoutCheckpoint(await dumpReadModel(v2.dataSource))).toEqual(withoutCheckpoint(built));
        await v2.dataSource.destroy();

        // Going back to version 1 is again an unknown version for that file.
        const back = await open('model.sqlite', 1);
        expect(back.fresh).toBe(true);
      });

      it('empties and refills a read model whose checkpoint is past the stream (the stream was recreated)', async () => {
        const old = new RandomEventMix(store, 53);
        await old.append(40);
        const first = await open();
        const runner = runnerOn(first.dataSource);
        await runner.start();
        await runner.catchUp();
        await runner.stop();
        await first.dataSource.destroy();

        // The NATS store is lost (or the service moves to a new cluster); the SQLite file stays.
        await store.close();
        await nats.stop();
        nats = await startNatsServer();
        store = await EventStore.connect({ name: 'projection-runner-test', env: { WHARF_NATS_URL: nats.url } });
        const mix = new RandomEventMix(store, 54);
        await mix.append(15);

        const reopened = await open();
        expect(reopened.fresh).toBe(false);
        const resets: number[] = [];
        const restarted = runnerOn(reopened.dataSource);
        restarted.onReset(() => {
          resets.push(restarted.appliedSeq);
        });
        await restarted.start();
        await restarted.catchUp();
        expect(resets).toEqual([0]);
        expect(await checkpointOf(reopened.dataSource)).toEqual({ lastSeq: 15, schemaVersion: 1 });
        await expectReadModelMatches(reopened.dataSource, mix);
      });

      it('recreates a database that has tables but no checkpoint of this read model', async () => {
        const { dataSource } = await open('foreign.sqlite');
        await dataSource.query('CREATE TABLE leftover (id INTEGER PRIMARY KEY)');
        await dataSource.destroy();
        const reopened = await open('foreign.sqlite');
        expect(reopened.fresh).toBe(true);
        expect((await dumpReadModel(reopened.dataSource)).map((t) => t.table)).not.toContain('leftover');
      });
    });

    describe('(f) waitFor and catchUp', () => {
      it('resolve at once on an empty stream and for sequences already applied', async () => {
        const { dataSource } = await open();
        const runner = runnerOn(dataSource);
        await runner.start();
        await runner.catchUp();
        await runner.waitFor(0);
        expect(runner.appliedSeq).toBe(0);

        const mix = new RandomEventMix(store, 61);
        await mix.append(5);
        await runner.waitFor(5);
        await runner.waitFor(3);
        expect(runner.appliedSeq).toBe(5);
      });

      it('waitFor resolves once an event appended after the call is applied, and its rows are readable then', async () => {
        const { dataSource } = await open();
        const runner = runnerOn(dataSource, { batchSize: 2 });
        await runner.start();
        const mix = new RandomEventMix(store, 62);
        const waitForFourth = runner.waitFor(4);
        const waitForTenth = runner.waitFor(10);
        await mix.append(10);
        await waitForFourth;
        expect(runner.appliedSeq).toBeGreaterThanOrEqual(4);
        expect((await appliedSeqs(dataSource)).slice(0, 4)).toEqual([1, 2, 3, 4]);
        await waitForTenth;
        expect(await appliedSeqs(dataSource)).toEqual(range(1, 10));
      });

      it('catchUp resolves when everything in the stream at the time of the call is applied (read-your-writes)', async () => {
        const { dataSource } = await open();
        const runner = runnerOn(dataSource, { batchSize: 3 });
        await runner.start();
        const mix = new RandomEventMix(store, 63);
        for (let i = 0; i < 5; i++) {
          await mix.append(7);
          await runner.catchUp();
          expect(runner.appliedSeq).toBe(mix.lastSeq);
          await expectReadModelMatches(dataSource, mix);
        }
      });

      it('waitFor rejects once its timeout passes for a sequence that never comes', async () => {
        const { dataSource } = await open();
        const runner = runnerOn(dataSource);
        await runner.start();
        await expect(runner.waitFor(1, 50)).rejects.toThrow(`${READ_MODEL} read model did not reach sequence 1`);
      });
    });
  },
);
