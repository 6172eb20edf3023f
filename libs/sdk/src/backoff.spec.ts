import { backoffDelay, RECONNECT_BACKOFF } from './backoff';

describe('backoffDelay', () => {
  it('starts at 100 ms and doubles up to 5 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, RECONNECT_BACKOFF))).toEqual([
      100, 200, 400, 800, 1600, 3200, 5000, 5000,
    ]);
  });

  it('stays at the cap after a very long outage', () => {
    expect(backoffDelay(10_000, RECONNECT_BACKOFF)).toBe(5000);
  });
});
