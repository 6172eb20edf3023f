import { rebuildResult, rebuildSummary } from './rebuild.command';

describe('rebuild result', () => {
  it('adds the replay rate and says it in one line', () => {
    const result = rebuildResult('dispatch', { events: 5000, ms: 2000 });
    expect(result).toEqual({ service: 'dispatch', events: 5000, ms: 2000, eventsPerSecond: 2500 });
    expect(rebuildSummary(result)).toBe(
      'rebuilt the dispatch read model: 5000 events replayed in 2.00 s, 2500 events/s',
    );
  });

  it('leaves the rate out when no time was measured', () => {
    expect(rebuildSummary(rebuildResult('tenant', { events: 0, ms: 0 }))).toBe(
      'rebuilt the tenant read model: 0 events replayed in 0.00 s',
    );
  });

  it('rejects an answer that is not {events, ms}', () => {
    expect(() => rebuildResult('tenant', { ok: true })).toThrow('not {events, ms}');
  });
});
