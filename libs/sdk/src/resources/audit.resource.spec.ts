import { recordingFetch } from '../testing/recording-fetch';
import { AuditResource, textLines } from './audit.resource';
import { HttpClient } from '../http-client';

const url = 'http://wharf.test';

function resource(fetchImpl: typeof fetch): AuditResource {
  return new AuditResource(
    new HttpClient({ url, token: 'wt_viewer', namespace: 'default', tenant: undefined }, fetchImpl),
  );
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('AuditResource', () => {
  it('asks for a page with the filters, the cursor and the source', async () => {
    const { fetch, sent } = recordingFetch({ lines: [], next: null });
    await resource(fetch).dispatches(
      { since: '2030-01-01T00:00:00Z', key: 'user:*', outcome: 'failed' },
      { limit: 10, after: '3.4.0', source: 'stream' },
    );
    expect(sent[0].method).toBe('GET');
    const asked = new URL(sent[0].url);
    expect(asked.pathname).toBe('/api/v1/audit/dispatches');
    expect(Object.fromEntries(asked.searchParams)).toEqual({
      since: '2030-01-01T00:00:00Z',
      key: 'user:*',
      outcome: 'failed',
      format: 'json',
      limit: '10',
      after: '3.4.0',
      source: 'stream',
    });
  });

  it.each([
    [{ since: 'yesterday' }, 'since'],
    [{ until: '2030-01-01T00:00:00' }, 'until'],
    [{ namespace: 'Shop' }, 'namespace'],
    [{ key: 'user.*' }, 'key'],
    [{ workflow: 'a b' }, 'workflow'],
    [{ outcome: 'lost' as never }, 'outcome'],
  ])('refuses %p before sending, naming %s', (filters, field) => {
    const { fetch, sent } = recordingFetch({});
    expect(() => resource(fetch).dispatches(filters)).toThrow(expect.objectContaining({ field }));
    expect(sent).toEqual([]);
  });

  it('streams NDJSON lines as they come, with the event count', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const encoder = new TextEncoder();
        controller.enqueue(encoder.encode('{"seq":1,"eventSeq":1,"kind":"event"}\n{"seq":2,'));
        controller.enqueue(encoder.encode('"eventSeq":1,"kind":"run"}\n'));
        controller.close();
      },
    });
    const fetchImpl = (async () =>
      new Response(body, { status: 200, headers: { 'Wharf-Audit-Events': '1' } })) as unknown as typeof fetch;
    const { events, lines } = await resource(fetchImpl).streamDispatches({ namespace: 'shop' });
    expect(events).toBe(1);
    expect((await collect(lines)).map((l) => [l.seq, l.kind])).toEqual([
      [1, 'event'],
      [2, 'run'],
    ]);
  });

  it('splits chunks into lines, CRLF included, the last one without a line end', async () => {
    async function* chunks() {
      yield 'a,b\r\nc';
      yield ',d\r\n\r\ne';
    }
    expect(await collect(textLines(chunks()))).toEqual(['a,b', 'c,d', 'e']);
  });
});
