import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { NatsConnection } from 'nats';

/** Raw bytes to search, named for the report of what was found where. */
export interface ByteSource {
  name: string;
  bytes: Buffer;
}

export interface Needle {
  /** Says what the needle is without showing it (a failure message must not print the secret). */
  label: string;
  value: string;
}

const NO_MESSAGE = /no message found/i;

/** A message's headers as the text NATS carries them (`Name: value` lines). */
function headerText(header: Iterable<[string, string[]]> | undefined): string {
  if (header === undefined) return '';
  const lines: string[] = [];
  for (const [name, values] of header) for (const value of values) lines.push(`${name}: ${value}`);
  return lines.join('\r\n');
}

/**
 * Every message still held by every stream of the server (the event stream and the KV buckets'
 * streams alike), each as its subject, headers and payload bytes. Read by sequence with direct
 * gets, so nothing is acknowledged or consumed.
 */
export async function streamMessages(nc: NatsConnection): Promise<ByteSource[]> {
  const jsm = await nc.jetstreamManager();
  const sources: ByteSource[] = [];
  for await (const stream of jsm.streams.list()) {
    const name = stream.config.name;
    const { first_seq: first, last_seq: last } = (await jsm.streams.info(name)).state;
    for (let seq = first; seq <= last && last > 0; seq++) {
      try {
        const message = await jsm.streams.getMessage(name, { seq });
        sources.push({
          name: `stream ${name} #${seq} (${message.subject})`,
          bytes: Buffer.concat([
            Buffer.from(`${message.subject}\r\n${headerText(message.header)}\r\n\r\n`),
            Buffer.from(message.data),
          ]),
        });
      } catch (err) {
        // A KV bucket keeps only the latest value per key: older sequences are gone, not hidden.
        if (!NO_MESSAGE.test((err as Error).message)) throw err;
      }
    }
  }
  return sources;
}

/** Every regular file under `dir`, recursively, as raw bytes, except those `skip` names. */
export function filesUnder(dir: string, skip: (path: string) => boolean = () => false): ByteSource[] {
  const sources: ByteSource[] = [];
  const visit = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.isFile() && !skip(path)) {
        try {
          sources.push({ name: relative(dir, path), bytes: readFileSync(path) });
        } catch (err) {
          // A file may be removed between listing and reading (SQLite's journal, a temp file).
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        }
      }
    }
  };
  visit(dir);
  return sources;
}

/** How many bytes the sources hold, for the report of what was searched. */
export function bytesOf(sources: readonly ByteSource[]): number {
  return sources.reduce((sum, source) => sum + source.bytes.length, 0);
}

/** Every (needle, source) pair where the needle's bytes occur, as "<label> in <source>". */
export function occurrences(sources: readonly ByteSource[], needles: readonly Needle[]): string[] {
  const found: string[] = [];
  for (const needle of needles) {
    const bytes = Buffer.from(needle.value, 'utf8');
    for (const source of sources) if (source.bytes.includes(bytes)) found.push(`${needle.label} in ${source.name}`);
  }
  return found;
}

/** Whether the needle's bytes occur in any of the sources. */
export function foundIn(sources: readonly ByteSource[], value: string): boolean {
  const bytes = Buffer.from(value, 'utf8');
  return sources.some((source) => source.bytes.includes(bytes));
}
