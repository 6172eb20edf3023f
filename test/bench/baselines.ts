import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, nanos, StorageType } from 'nats';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { rate } from './stats';

/**
 * Raw JetStream rates: publish with a window of `inFlight` unacknowledged publishes, then read the
 * same messages back through an ordered consumer (what replays, audits and rebuilds read with).
 */
export async function jetStreamRates(
  natsUrl: string,
  messages = 50_000,
  inFlight = 1_000,
): Promise<{ publish: number; read: number }> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({
      name: 'BENCH_BASELINE',
      subjects: ['bench.>'],
      storage: StorageType.File,
      duplicate_window: nanos(120_000),
    });
    const js = nc.jetstream();
    const data = new TextEncoder().encode(JSON.stringify({ payload: 'x'.repeat(300) }));
    const started = Date.now();
    let next = 0;
    const lane = async () => {
      while (next < messages) {
        const i = next++;
        await js.publish(`bench.${i % 100}`, data, { msgID: `m-${i}` });
      }
    };
    await Promise.all(Array.from({ length: inFlight }, lane));
    const publish = rate(messages, Date.now() - started);
    const readStarted = Date.now();
    const consumer = await js.consumers.get('BENCH_BASELINE', { filterSubjects: 'bench.>' });
    const read = await consumer.consume({ max_messages: 2_000 });
    let seen = 0;
    for await (const m of read) {
      seen += m.data.length > 0 ? 1 : 0;
      if (seen >= messages) break;
    }
    read.stop();
    const readRate = rate(messages, Date.now() - readStarted);
    await jsm.streams.delete('BENCH_BASELINE');
    return { publish, read: readRate };
  } finally {
    await nc.drain();
  }
}

@Entity('bench_row')
class BenchRow {
  @PrimaryColumn('integer')
  id: number;

  @Column('text')
  body: string;
}

/** Raw better-sqlite3 prepared inserts in one transaction, and TypeORM one insert per row in one transaction. */
export async function sqliteInsertRates(rows = 50_000): Promise<{ raw: number; typeorm: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-bench-sqlite-'));
  try {
    const db = new Database(join(dir, 'raw.sqlite'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE bench_row (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO bench_row (id, body) VALUES (?, ?)');
    let started = Date.now();
    db.transaction(() => {
      for (let i = 0; i < rows; i++) insert.run(i, 'x'.repeat(100));
    })();
    const raw = rate(rows, Date.now() - started);
    db.close();

    const dataSource = new DataSource({
      type: 'better-sqlite3',
      database: join(dir, 'typeorm.sqlite'),
      entities: [BenchRow],
      synchronize: true,
    });
    await dataSource.initialize();
    const ormRows = Math.min(rows, 20_000);
    started = Date.now();
    await dataSource.transaction(async (em) => {
      for (let i = 0; i < ormRows; i++) await em.insert(BenchRow, { id: i, body: 'x'.repeat(100) });
    });
    const typeorm = rate(ormRows, Date.now() - started);
    await dataSource.destroy();
    return { raw, typeorm };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
