/**
 * Reads one worker's assignment stream (server-sent events) until its first `assignment` message,
 * then leaves the stream open: a worker that took a step and went silent.
 */
export async function firstAssignment(
  url: string,
  token: string,
): Promise<{ stepRunId: string; attempt: number; runId: string }> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok || !response.body) throw new Error(`assignment stream answered ${response.status}`);
  const reader = response.body.getReader();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error('stream ended before an assignment');
    text += new TextDecoder().decode(value);
    const match = /event: assignment\n(?:id: [^\n]*\n)?data: ([^\n]*)\n/.exec(text);
    if (match) return JSON.parse(match[1]);
  }
}
