import { CheckpointTracker } from './checkpoint-tracker';

describe('replay checkpoints', () => {
  it('moves past events that need nothing stored', () => {
    const tracker = new CheckpointTracker(0);
    tracker.pass(3);
    tracker.pass(5);
    expect(tracker.throughSeq).toBe(5);
  });

  it('never moves past a copy still in flight, whatever is acknowledged after it', () => {
    const tracker = new CheckpointTracker(10);
    tracker.send(11);
    tracker.pass(12);
    tracker.send(13);
    tracker.settle(13);
    expect(tracker.throughSeq).toBe(10);
    tracker.settle(11);
    expect(tracker.throughSeq).toBe(13);
  });

  it('reaches the end of the range once everything is read and settled', () => {
    const tracker = new CheckpointTracker(0);
    tracker.send(2);
    tracker.finish(100);
    expect(tracker.throughSeq).toBe(0);
    tracker.settle(2);
    tracker.finish(100);
    expect(tracker.throughSeq).toBe(100);
  });

  it('keeps working over many events', () => {
    const tracker = new CheckpointTracker(0);
    for (let seq = 1; seq <= 20_000; seq += 1) tracker.send(seq);
    for (let seq = 20_000; seq >= 2; seq -= 1) tracker.settle(seq);
    expect(tracker.throughSeq).toBe(0);
    tracker.settle(1);
    expect(tracker.throughSeq).toBe(20_000);
  });
});
