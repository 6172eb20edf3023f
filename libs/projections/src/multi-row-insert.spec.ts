import { chunkSizes } from './multi-row-insert';

describe('chunkSizes', () => {
  it('uses no statement for no rows', () => {
    expect(chunkSizes(0)).toEqual([]);
  });

  it('splits into full chunks of 64, then decreasing powers of two', () => {
    expect(chunkSizes(64)).toEqual([64]);
    expect(chunkSizes(200)).toEqual([64, 64, 64, 8]);
    expect(chunkSizes(63)).toEqual([32, 16, 8, 4, 2, 1]);
  });

  it.each([1, 7, 65, 129, 1000, 1023])('covers every one of %i rows exactly once', (count) => {
    const sizes = chunkSizes(count);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(count);
    expect(new Set(sizes).size).toBeLessThanOrEqual(7);
  });
});
