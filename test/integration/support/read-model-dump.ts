import { DataSource } from 'typeorm';

export interface TableDump {
  table: string;
  sql: string;
  rows: Record<string, unknown>[];
}

/**
 * Every table of a read model, its schema and all its rows, in a canonical order (rows sorted by
 * their JSON), so two read models can be compared row for row with `toEqual`.
 */
export async function dumpReadModel(dataSource: DataSource): Promise<TableDump[]> {
  const tables: { name: string; sql: string }[] = await dataSource.query(
    "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  );
  const dump: TableDump[] = [];
  for (const { name, sql } of tables) {
    const rows: Record<string, unknown>[] = await dataSource.query(`SELECT * FROM "${name}"`);
    const keyed = rows.map((row) => ({ key: JSON.stringify(row), row }));
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    dump.push({ table: name, sql, rows: keyed.map((k) => k.row) });
  }
  return dump;
}
