import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { CheckpointEntity } from './checkpoint.entity';

export type SqliteDriver = 'better-sqlite3' | 'sqlite3';

/**
 * A read model is written in batches by one runner and rebuilt from the stream when lost: WAL
 * without a sync per commit, a page cache that holds the indexes a burst of events touches at
 * random (event ids), and checkpoints every ~40 MB of WAL rather than every 4 MB (each one copies
 * and syncs; pages rewritten by many batches are copied once).
 */
const READ_MODEL_PRAGMAS = [
  'journal_mode = WAL',
  'synchronous = NORMAL',
  'cache_size = -32000',
  'wal_autocheckpoint = 10000',
] as const;

export function sqliteDriverFromEnv(env: NodeJS.ProcessEnv): SqliteDriver {
  const driver = env.WHARF_SQLITE_DRIVER ?? 'better-sqlite3';
  if (driver !== 'better-sqlite3' && driver !== 'sqlite3') {
    throw new Error(`WHARF_SQLITE_DRIVER must be "better-sqlite3" or "sqlite3", not "${driver}"`);
  }
  return driver;
}

export interface ReadModelDatabaseOptions {
  file: string;
  driver: SqliteDriver;
  entities: readonly (new () => object)[];
}

function dataSourceOptions(options: ReadModelDatabaseOptions): DataSourceOptions {
  const entities = [CheckpointEntity, ...options.entities] as DataSourceOptions['entities'];
  if (options.driver === 'sqlite3') {
    return { type: 'sqlite', database: options.file, entities, synchronize: false, logging: false };
  }
  return {
    type: 'better-sqlite3',
    database: options.file,
    entities,
    synchronize: false,
    logging: false,
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      for (const pragma of READ_MODEL_PRAGMAS) db.pragma(pragma);
    },
  };
}

export interface OpenedReadModel {
  dataSource: DataSource;
  /** True when the file was missing or of another schema version: the caller must replay. */
  fresh: boolean;
}

async function storedSchemaVersion(dataSource: DataSource, name: string): Promise<number | null> {
  try {
    const rows: { schemaVersion: number }[] = await dataSource.query(
      'SELECT schemaVersion FROM projection_checkpoint WHERE name = ?',
      [name],
    );
    return rows.length === 0 ? null : Number(rows[0].schemaVersion);
  } catch {
    return null;
  }
}

/**
 * Opens a service's SQLite read model. A missing file, or one written by another read-model schema
 * version, is replaced by an empty database with the current schema (to be rebuilt from the stream).
 */
export async function openReadModel(
  options: ReadModelDatabaseOptions & { name: string; schemaVersion: number },
): Promise<OpenedReadModel> {
  mkdirSync(dirname(options.file), { recursive: true });
  let fresh = !existsSync(options.file);
  let dataSource = new DataSource(dataSourceOptions(options));
  await dataSource.initialize();
  if (!fresh && (await storedSchemaVersion(dataSource, options.name)) !== options.schemaVersion) {
    await dataSource.destroy();
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(options.file + suffix, { force: true });
    dataSource = new DataSource(dataSourceOptions(options));
    await dataSource.initialize();
    fresh = true;
  }
  if (options.driver === 'sqlite3') {
    for (const pragma of READ_MODEL_PRAGMAS) await dataSource.query(`PRAGMA ${pragma}`);
  }
  await dataSource.synchronize(fresh);
  return { dataSource, fresh };
}
