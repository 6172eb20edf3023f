import { buildSeal } from './build-seal';
import { sealHash } from './seal-hash';

const entries = [
  { seq: 3, id: 'a', digest: 'd1' },
  { seq: 7, id: 'b', digest: 'd2' },
];

describe('buildSeal', () => {
  it('starts a chain at index 1 with no previous hash, spanning its entries', () => {
    const seal = buildSeal('acme', null, entries);
    expect(seal).toEqual({
      tenant: 'acme',
      index: 1,
      fromSeq: 3,
      toSeq: 7,
      entries,
      previousHash: null,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(sealHash(seal)).toBe(seal.hash);
  });

  it('links to the head of the chain', () => {
    const first = buildSeal('acme', null, entries);
    const second = buildSeal('acme', { index: 1, hash: first.hash, toSeq: 7, seq: 9 }, [
      { seq: 10, id: 'c', digest: 'd3' },
    ]);
    expect(second).toMatchObject({ index: 2, previousHash: first.hash, fromSeq: 10, toSeq: 10 });
  });

  it('refuses an empty seal', () => {
    expect(() => buildSeal('acme', null, [])).toThrow('at least one event');
  });
});

describe('sealHash', () => {
  const seal = buildSeal('acme', null, entries);

  it.each([
    ['an entry digest', { entries: [entries[0], { ...entries[1], digest: 'other' }] }],
    ['an entry id', { entries: [entries[0], { ...entries[1], id: 'z' }] }],
    ['the order of entries', { entries: [entries[1], entries[0]] }],
    ['a missing entry', { entries: [entries[0]] }],
    ['the previous hash', { previousHash: 'f'.repeat(64) }],
    ['the index', { index: 2 }],
    ['the tenant', { tenant: 'other' }],
    ['the range', { toSeq: 8 }],
  ])('changes with %s', (_what, change) => {
    expect(sealHash({ ...seal, ...change })).not.toBe(seal.hash);
  });

  it('cannot be fooled by moving text between fields', () => {
    const a = sealHash({ ...seal, entries: [{ seq: 1, id: 'x y', digest: 'z' }] });
    const b = sealHash({ ...seal, entries: [{ seq: 1, id: 'x', digest: 'y z' }] });
    expect(a).not.toBe(b);
  });
});
