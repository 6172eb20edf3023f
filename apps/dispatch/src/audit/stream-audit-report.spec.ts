import { AnyStoredEvent } from '@wharf/events';
import { HistoryReader, PlacedLine, streamAuditReport } from './stream-audit-report';

let seq = 0;
function event(type: string, payload: Record<string, unknown>, namespace = 'default'): AnyStoredEvent {
  seq += 1;
  return {
    id: `id-${seq}`,
    type,
    schemaVersion: 1,
    tenant: 'acme',
    namespace,
    aggregate: { type: 'run', id: 'x' },
    occurredAt: new Date(Date.UTC(2030, 0, 1, 0, 0, seq)).toISOString(),
    actor: 'system',
    correlationId: 'c',
    causationId: null,
    payload,
    seq,
    subject: `wharf.acme.${namespace}.run.x`,
  } as unknown as AnyStoredEvent;
}

/** The stream as an array: what readRange would deliver for the tenant. */
function reader(events: AnyStoredEvent[]): HistoryReader & { filters: string[] } {
  const filters: string[] = [];
  return {
    filters,
    lastSeq: async () => events.length,
    readRange: async (filter, from, until, onEvent) => {
      filters.push(filter);
      for (const e of events) if (e.seq >= from && e.seq <= until) await onEvent(e);
    },
  };
}

const pushed = (eventId: string, runs: string[]) =>
  event('event.pushed', {
    eventId,
    key: 'k',
    payload: null,
    metadata: {},
    runs: runs.map((runId) => ({ runId, workflow: 'w', workflowVersion: 1 })),
  });
const started = (runId: string, eventId: string) =>
  event('run.started', {
    runId,
    workflow: 'w',
    workflowVersion: 1,
    eventId,
    eventKey: 'k',
    input: null,
    steps: [{ stepRunId: `${runId}-s`, step: 'a', action: 'a' }],
  });
const completed = (runId: string) => event('run.completed', { runId, output: null });

describe('streamAuditReport', () => {
  beforeEach(() => {
    seq = 0;
  });

  it('emits in (eventSeq, seq) order: a later event that finished first waits for the earlier one', async () => {
    const events = [
      pushed('e1', ['r1']),
      started('r1', 'e1'),
      pushed('e2', ['r2']),
      started('r2', 'e2'),
      completed('r2'),
      pushed('e3', []),
      completed('r1'),
    ];
    const out: PlacedLine[] = [];
    const counts = await streamAuditReport(reader(events), 'acme', {}, (p) => {
      out.push(p);
    });
    expect(out.map((p) => [p.line.eventSeq, p.line.seq, p.line.kind])).toEqual([
      [1, 1, 'event'],
      [1, 2, 'run'],
      [1, 7, 'run-completed'],
      [3, 3, 'event'],
      [3, 4, 'run'],
      [3, 5, 'run-completed'],
      [6, 6, 'event'],
    ]);
    expect(counts).toEqual({ events: 3, lines: 7 });
  });

  it('emits what is still open when the read ends, and applies the filters per event', async () => {
    const events = [pushed('e1', ['r1']), started('r1', 'e1'), pushed('e2', [])];
    const out: PlacedLine[] = [];
    await streamAuditReport(reader(events), 'acme', { outcome: 'running' }, (p) => {
      out.push(p);
    });
    expect(out.map((p) => p.line.seq)).toEqual([1, 2]);
  });

  it('reads only the namespace asked for', async () => {
    const r = reader([]);
    await streamAuditReport(r, 'acme', { namespace: 'shop' }, () => undefined);
    expect(r.filters).toEqual(['wharf.acme.shop.>']);
  });
});
