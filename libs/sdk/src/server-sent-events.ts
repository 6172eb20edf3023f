import { createParser, EventSourceMessage } from 'eventsource-parser';

export type { EventSourceMessage };

/**
 * Feeds a response body through the SSE parser until the server closes it (resolves) or the
 * connection fails or is aborted (rejects). `onEvent` runs synchronously for each complete event.
 */
export async function readServerSentEvents(
  body: ReadableStream<Uint8Array> | null,
  onEvent: (event: EventSourceMessage) => void,
): Promise<void> {
  if (body === null) return;
  const parser = createParser({ onEvent });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  for (;;) {
    const chunk = await reader.read().catch((err: unknown) => {
      reader.releaseLock();
      throw err;
    });
    if (chunk.done) return;
    try {
      parser.feed(decoder.decode(chunk.value, { stream: true }));
    } catch (err) {
      // A throwing listener must not leave the connection open behind the caller's back.
      await reader.cancel().catch(() => undefined);
      throw err;
    }
  }
}
