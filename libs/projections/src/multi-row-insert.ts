import { EntityManager } from 'typeorm';

/** Rows per statement at most: the sizes are powers of two, so few distinct statements get prepared. */
const CHUNK_SIZES = [64, 32, 16, 8, 4, 2, 1] as const;

/**
 * How `count` rows are split into multi-row statements: as many of the largest size as fit, then
 * the rest in decreasing powers of two. At most seven distinct statement shapes ever, so the
 * driver's prepared-statement cache keeps them all.
 */
export function chunkSizes(count: number): number[] {
  const sizes: number[] = [];
  let left = count;
  for (const size of CHUNK_SIZES) {
    while (left >= size) {
      sizes.push(size);
      left -= size;
    }
  }
  return sizes;
}

/**
 * Inserts `rows` (each the values for `columns`, in order) with multi-row `INSERT` statements,
 * in the order given, so `INSERT OR IGNORE` keeps the first of equal keys as one row at a time would.
 * `verb` is the statement's start, e.g. `INSERT` or `INSERT OR IGNORE`.
 */
export async function insertRows(
  em: EntityManager,
  verb: string,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  const head = `${verb} INTO ${table} (${columns.join(', ')}) VALUES `;
  let at = 0;
  for (const size of chunkSizes(rows.length)) {
    const values: unknown[] = [];
    for (let i = at; i < at + size; i++) values.push(...rows[i]);
    at += size;
    await em.query(head + Array.from({ length: size }, () => placeholders).join(', '), values);
  }
}
