/**
 * Which source sequence a replay may checkpoint while appends are in flight: the highest one with
 * every event read up to it either stored in the target or not selected. Appends acknowledged out
 * of order never move it past one still in flight.
 */
export class CheckpointTracker {
  /** Source sequences read and not yet passed by `throughSeq`, with whether they are settled. */
  private readonly window: { seq: number; settled: boolean }[] = [];
  private head = 0;
  private bySeq = new Map<number, { seq: number; settled: boolean }>();
  private through: number;

  constructor(startAfter: number) {
    this.through = startAfter;
  }

  get throughSeq(): number {
    return this.through;
  }

  /** A source event that needs nothing stored (not selected). */
  pass(seq: number): void {
    this.window.push({ seq, settled: true });
    this.advance();
  }

  /** A source event whose copy is being appended. */
  send(seq: number): void {
    const entry = { seq, settled: false };
    this.window.push(entry);
    this.bySeq.set(seq, entry);
  }

  /** The copy of `seq` is in the target (appended now, or found there). */
  settle(seq: number): void {
    const entry = this.bySeq.get(seq);
    if (!entry) return;
    entry.settled = true;
    this.bySeq.delete(seq);
    this.advance();
  }

  /** The whole range was read and nothing is in flight: everything through `untilSeq` is done. */
  finish(untilSeq: number): void {
    if (this.bySeq.size === 0) this.through = Math.max(this.through, untilSeq);
  }

  private advance(): void {
    while (this.head < this.window.length && this.window[this.head].settled) {
      this.through = this.window[this.head].seq;
      this.head += 1;
    }
    // Drop the passed prefix now and then, so the window stays as small as what is in flight.
    if (this.head > 4_096) {
      this.window.splice(0, this.head);
      this.head = 0;
    }
  }
}
