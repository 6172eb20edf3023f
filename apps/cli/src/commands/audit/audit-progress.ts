import { Presets, SingleBar } from 'cli-progress';

/**
 * Counts the events of a streamed audit as their lines pass (lines of one event are consecutive),
 * on a progress bar on stderr — only when stderr is a terminal, so piped output stays clean.
 */
export class AuditProgress {
  private readonly bar: SingleBar | null;
  private lastEventSeq: string | number | null = null;

  constructor(total: number | null, what: string) {
    this.bar =
      process.stderr.isTTY && total !== null
        ? new SingleBar(
            {
              format: `${what} |{bar}| {percentage}% | {value}/{total} events | ETA {eta_formatted}`,
              stream: process.stderr,
              etaBuffer: 50,
            },
            Presets.shades_classic,
          )
        : null;
    this.bar?.start(total ?? 0, 0);
  }

  /** A line of the event `eventSeq` went by. */
  seen(eventSeq: string | number): void {
    if (eventSeq === this.lastEventSeq) return;
    this.lastEventSeq = eventSeq;
    this.bar?.increment();
  }

  stop(): void {
    this.bar?.stop();
  }
}
