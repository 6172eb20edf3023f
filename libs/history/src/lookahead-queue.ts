interface Slot<T> {
  value: T;
  /** Running number of the item in its source. */
  at: number;
  taken: boolean;
}

/**
 * A bounded look-ahead over an async source of items that carry an id: the verifier peeks at most
 * `window` items ahead to find where an id went. Items taken out of the middle are skipped when
 * they reach the head. Memory: at most `window` items (plus those already taken but not yet passed).
 */
export class LookaheadQueue<T extends { id: string | null }> {
  private slots: Slot<T>[] = [];
  private start = 0;
  private pulled = 0;
  private exhausted = false;
  private readonly byId = new Map<string, Slot<T>[]>();

  constructor(
    private readonly source: AsyncIterator<T>,
    private readonly window: number,
  ) {}

  private get length(): number {
    return this.slots.length - this.start;
  }

  private async pull(): Promise<boolean> {
    if (this.exhausted) return false;
    const next = await this.source.next();
    if (next.done) {
      this.exhausted = true;
      return false;
    }
    const slot: Slot<T> = { value: next.value, at: this.pulled++, taken: false };
    this.slots.push(slot);
    if (slot.value.id !== null) {
      const same = this.byId.get(slot.value.id);
      if (same) same.push(slot);
      else this.byId.set(slot.value.id, [slot]);
    }
    return true;
  }

  private unindex(slot: Slot<T>): void {
    if (slot.value.id === null) return;
    const same = this.byId.get(slot.value.id);
    if (!same) return;
    const rest = same.filter((s) => s !== slot);
    if (rest.length === 0) this.byId.delete(slot.value.id);
    else this.byId.set(slot.value.id, rest);
  }

  private dropTakenHead(): void {
    while (this.length > 0 && this.slots[this.start].taken) this.start++;
    if (this.start > 4_096 && this.start * 2 > this.slots.length) {
      this.slots = this.slots.slice(this.start);
      this.start = 0;
    }
  }

  /** The first item not taken yet, reading one when none is buffered; undefined at the end. */
  async head(): Promise<T | undefined> {
    this.dropTakenHead();
    while (this.length === 0) {
      if (!(await this.pull())) return undefined;
      this.dropTakenHead();
    }
    return this.slots[this.start].value;
  }

  /** Removes the head returned by the last `head()`. */
  shift(): T {
    this.dropTakenHead();
    const slot = this.slots[this.start++];
    slot.taken = true;
    this.unindex(slot);
    return slot.value;
  }

  /** Reads ahead until an item with `id` is buffered, the window is full, or the source ends. */
  async fill(id: string | null): Promise<void> {
    if (id === null) return;
    while (!this.byId.has(id) && this.length < this.window && (await this.pull()));
  }

  /** How far behind the head the first buffered item with `id` is; -1 when none is buffered. */
  offsetOf(id: string | null): number {
    if (id === null) return -1;
    const slot = this.byId.get(id)?.[0];
    if (!slot) return -1;
    this.dropTakenHead();
    return slot.at - this.slots[this.start].at;
  }

  /** Takes the first buffered item with `id` out of the queue, wherever it is. */
  take(id: string): T | undefined {
    const slot = this.byId.get(id)?.[0];
    if (!slot) return undefined;
    slot.taken = true;
    this.unindex(slot);
    return slot.value;
  }
}
