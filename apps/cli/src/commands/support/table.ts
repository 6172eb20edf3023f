/** One column of a plain-text table: its header and how a row's cell is read. */
export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
}

/** How any value reads in one table cell: `-` for nothing, lists comma-joined, objects as compact JSON. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '-';
  if (typeof value === 'string') return value.replace(/\s*[\r\n]+\s*/g, ' ');
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) {
    return value.length === 0 ? '-' : value.map(cellText).join(', ');
  }
  return JSON.stringify(value);
}

function alignRows(cells: string[][]): string {
  const widths = cells[0].map((_, column) => Math.max(...cells.map((row) => row[column].length)));
  return cells
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Left-aligned columns separated by two spaces, upper-case headers, no trailing blanks. */
export function formatTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const header = columns.map((c) => c.header.toUpperCase());
  return alignRows([header, ...rows.map((row) => columns.map((c) => cellText(c.value(row))))]);
}

/** `label  value` lines with the values aligned, for one record. */
export function formatFields(fields: readonly [label: string, value: unknown][]): string {
  return alignRows(fields.map(([label, value]) => [label, cellText(value)]));
}
