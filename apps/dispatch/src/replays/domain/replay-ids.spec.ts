import { replayedEventId, replayIdOf } from './replay-ids';

describe('replay ids', () => {
  it('gives the same replay the same id however its selection is written', () => {
    expect(replayIdOf('a', 'b', { withWorkflows: false, namespaceMap: { x: '1', y: '2' } })).toBe(
      replayIdOf('a', 'b', { namespaceMap: { y: '2', x: '1' }, withWorkflows: false }),
    );
  });

  it('gives another source, target or selection another id', () => {
    const id = replayIdOf('a', 'b', { withWorkflows: false });
    expect(replayIdOf('a', 'c', { withWorkflows: false })).not.toBe(id);
    expect(replayIdOf('c', 'b', { withWorkflows: false })).not.toBe(id);
    expect(replayIdOf('a', 'b', { withWorkflows: true })).not.toBe(id);
    expect(replayIdOf('a', 'b', { withWorkflows: false, key: 'k' })).not.toBe(id);
  });

  it('derives the id of a copy from the source event and the tenants only, so two replays store it once', () => {
    expect(replayedEventId('b', 'a', 'e-1')).toBe(replayedEventId('b', 'a', 'e-1'));
    expect(replayedEventId('b', 'a', 'e-1')).not.toBe(replayedEventId('c', 'a', 'e-1'));
    expect(replayedEventId('b', 'a', 'e-1')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
