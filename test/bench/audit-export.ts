import { WharfCluster } from '../support/wharf-cluster';

export interface AuditExportOptions {
  /** `stream`: the report produced from the stream alone; default the read model. */
  source?: 'read-model' | 'stream';
  /** Only this namespace; default the whole tenant. */
  namespace?: string;
}

/**
 * Audit export rate: the NDJSON export of a whole tenant's dispatch audit over HTTP (through the
 * edge), read as it streams, from the request to the last byte. `lines` counts the lines received,
 * `events` the events the export covers (its `Wharf-Audit-Events` header; for the stream source,
 * which does not announce it, the distinct event sequences seen).
 */
export async function measureAuditExport(
  cluster: WharfCluster,
  token: string,
  options: AuditExportOptions = {},
): Promise<{ lines: number; events: number; ms: number }> {
  const query = new URLSearchParams({ format: 'ndjson' });
  if (options.source !== undefined) query.set('source', options.source);
  if (options.namespace !== undefined) query.set('namespace', options.namespace);
  const started = Date.now();
  const response = await fetch(`${cluster.url}/api/v1/audit/dispatches?${query.toString()}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok || response.body === null) {
    throw new Error(`the audit export answered ${response.status}: ${await response.text()}`);
  }
  const announced = response.headers.get('Wharf-Audit-Events');
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  let lines = 0;
  let events = 0;
  let lastEventSeq = '';
  let pending = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    pending += decoder.decode(value, { stream: true });
    let start = 0;
    let end = pending.indexOf('\n');
    while (end >= 0) {
      lines += 1;
      // `eventSeq` is the second field of every line, so no line needs parsing whole.
      const eventSeq = /"eventSeq":(\d+)/.exec(pending.slice(start, Math.min(end, start + 80)))?.[1] ?? '';
      if (eventSeq !== lastEventSeq) {
        events += 1;
        lastEventSeq = eventSeq;
      }
      start = end + 1;
      end = pending.indexOf('\n', start);
    }
    pending = pending.slice(start);
  }
  const ms = Date.now() - started;
  return { lines, events: announced === null ? events : Number(announced), ms };
}
