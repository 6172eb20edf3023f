import { deterministicId } from './deterministic-id';

const UUID_V5_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/;

describe('deterministic ids', () => {
  it('are UUID-shaped (version 5, RFC 4122 variant), so they pass wherever an id is expected', () => {
    expect(deterministicId('e-1', 'thumbnails')).toMatch(UUID_V5_SHAPE);
    expect(deterministicId('')).toMatch(UUID_V5_SHAPE);
  });

  it('are the same for the same parts, so a retried decision deduplicates in JetStream', () => {
    expect(deterministicId('run-1.s0', 'assigned', '1')).toBe(deterministicId('run-1.s0', 'assigned', '1'));
  });

  it('differ when any part differs', () => {
    const ids = new Set([
      deterministicId('run-1.s0', 'assigned', '1'),
      deterministicId('run-1.s0', 'assigned', '2'),
      deterministicId('run-1.s0', 'queued', '1'),
      deterministicId('run-1.s1', 'assigned', '1'),
    ]);
    expect(ids.size).toBe(4);
  });

  it('keep the parts apart: moving a character across a boundary changes the id', () => {
    expect(deterministicId('ab', 'c')).not.toBe(deterministicId('a', 'bc'));
    expect(deterministicId('abc')).not.toBe(deterministicId('ab', 'c'));
  });

  it('depend on the order of the parts', () => {
    expect(deterministicId('e-1', 'audit')).not.toBe(deterministicId('audit', 'e-1'));
  });
});
