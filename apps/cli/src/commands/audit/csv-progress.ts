/**
 * Follows a CSV export as it streams, record by record (quoted cells may hold line breaks), and
 * tells the value of one column of each record: the CLI counts events by their `eventSeq` for the
 * progress bar while it passes the CSV through untouched.
 */
export class CsvColumnReader {
  private inQuotes = false;
  private field = 0;
  private cell = '';
  private header = true;

  constructor(private readonly column: number) {}

  /** The column's value of every record that ends in `chunk` (the header record is skipped). */
  read(chunk: string): string[] {
    const values: string[] = [];
    for (const char of chunk) {
      if (char === '"') {
        this.inQuotes = !this.inQuotes;
        continue;
      }
      if (this.inQuotes) {
        if (this.field === this.column) this.cell += char;
        continue;
      }
      if (char === ',') {
        this.field += 1;
      } else if (char === '\n') {
        if (!this.header) values.push(this.cell);
        this.header = false;
        this.field = 0;
        this.cell = '';
      } else if (char !== '\r' && this.field === this.column) {
        this.cell += char;
      }
    }
    return values;
  }
}
