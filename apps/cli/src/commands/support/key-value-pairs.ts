import { WharfInputError } from '@wharf/sdk';

/** Reads `k=v` arguments into a record; the value may contain `=`; a repeated key keeps the last value. */
export function parseKeyValuePairs(pairs: readonly string[], field: string): Record<string, string> {
  const record: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new WharfInputError(field, `must be given as key=value, not "${pair}"`);
    record[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return record;
}
