import { Command } from 'commander';
import { globalOptions } from './global-options';
import { Column, formatFields, formatTable } from './table';

export function wantsJson(command: Command): boolean {
  return globalOptions(command).json === true;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** A list: JSON as is with --json, else an aligned table (or `none` naming what is missing). */
export function printList<T>(
  command: Command,
  rows: readonly T[],
  columns: readonly Column<T>[],
  nothing: string,
): void {
  if (wantsJson(command)) return printJson(rows);
  printLine(rows.length === 0 ? nothing : formatTable(rows, columns));
}

/** One record: JSON as is with --json, else aligned `label  value` lines. */
export function printRecord(command: Command, record: unknown, fields: readonly [string, unknown][]): void {
  if (wantsJson(command)) return printJson(record);
  printLine(formatFields(fields));
}
