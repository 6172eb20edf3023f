import { EventSourceMessage, readServerSentEvents } from './server-sent-events';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

describe('readServerSentEvents', () => {
  it('reassembles events split across chunks, and skips comments', async () => {
    const events: EventSourceMessage[] = [];
    await readServerSentEvents(
      streamOf([
        ': keep-alive\n\nevent: assign',
        'ment\ndata: {"a":',
        '1}\n\n',
        'event: assignment\ndata: {"a":2}\n\n',
      ]),
      (event) => events.push(event),
    );
    expect(events.map((e) => [e.event, e.data])).toEqual([
      ['assignment', '{"a":1}'],
      ['assignment', '{"a":2}'],
    ]);
  });

  it('does not deliver an event cut off by the end of the stream', async () => {
    const events: EventSourceMessage[] = [];
    await readServerSentEvents(streamOf(['event: assignment\ndata: {"a":1}\n']), (event) => events.push(event));
    expect(events).toEqual([]);
  });

  it('rejects when a listener throws, after cancelling the body', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('data: x\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    await expect(
      readServerSentEvents(body, () => {
        throw new Error('listener broke');
      }),
    ).rejects.toThrow('listener broke');
    expect(cancelled).toBe(true);
  });
});
