import { LookaheadQueue } from './lookahead-queue';

interface Item {
  id: string | null;
}

function queueOf(ids: (string | null)[], window: number): { queue: LookaheadQueue<Item>; pulled: () => number } {
  let pulled = 0;
  async function* source(): AsyncGenerator<Item> {
    for (const id of ids) {
      pulled++;
      yield { id };
    }
  }
  return { queue: new LookaheadQueue<Item>(source(), window), pulled: () => pulled };
}

describe('LookaheadQueue', () => {
  it('hands out items in order and ends with undefined', async () => {
    const { queue } = queueOf(['a', 'b'], 10);
    expect((await queue.head())?.id).toBe('a');
    queue.shift();
    expect((await queue.head())?.id).toBe('b');
    queue.shift();
    expect(await queue.head()).toBeUndefined();
  });

  it('reads ahead no farther than the window to find an id', async () => {
    const { queue, pulled } = queueOf(['a', 'b', 'c', 'd', 'e'], 3);
    await queue.head();
    await queue.fill('e');
    expect(pulled()).toBe(3);
    expect(queue.offsetOf('e')).toBe(-1);
    await queue.fill('c');
    expect(queue.offsetOf('c')).toBe(2);
  });

  it('takes an item out of the middle; the head then skips it', async () => {
    const { queue } = queueOf(['a', 'b', 'c'], 10);
    await queue.head();
    await queue.fill('b');
    expect(queue.take('b')?.id).toBe('b');
    expect(queue.offsetOf('b')).toBe(-1);
    queue.shift();
    expect((await queue.head())?.id).toBe('c');
  });

  it('never indexes items without an id', async () => {
    const { queue } = queueOf([null, 'a'], 10);
    await queue.head();
    await queue.fill(null);
    expect(queue.offsetOf(null)).toBe(-1);
    await queue.fill('a');
    expect(queue.offsetOf('a')).toBe(1);
  });

  it('finds the second of two items with the same id once the first is gone', async () => {
    const { queue } = queueOf(['x', 'a', 'x'], 10);
    await queue.head();
    await queue.fill('a');
    await queue.fill('z');
    queue.shift();
    expect(queue.offsetOf('x')).toBe(1);
  });
});
