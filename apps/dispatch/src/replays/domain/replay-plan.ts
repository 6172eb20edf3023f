/** One line of a dry run: how many events of a key a source namespace would send to a target namespace. */
export interface ReplayPlanLine {
  sourceNamespace: string;
  targetNamespace: string;
  key: string;
  events: number;
}

export interface ReplayPlan {
  lines: ReplayPlanLine[];
  total: number;
}

/** Counts selected events per (source namespace → target namespace, key), in memory proportional to the lines. */
export class ReplayPlanCounter {
  private readonly counts = new Map<string, ReplayPlanLine>();
  private total = 0;

  add(sourceNamespace: string, targetNamespace: string, key: string): void {
    const id = `${sourceNamespace}\u0000${targetNamespace}\u0000${key}`;
    const line = this.counts.get(id);
    if (line) line.events += 1;
    else this.counts.set(id, { sourceNamespace, targetNamespace, key, events: 1 });
    this.total += 1;
  }

  /** The lines ordered by source namespace, then key. */
  plan(): ReplayPlan {
    const lines = [...this.counts.values()].sort(
      (a, b) =>
        compare(a.sourceNamespace, b.sourceNamespace) ||
        compare(a.targetNamespace, b.targetNamespace) ||
        compare(a.key, b.key),
    );
    return { lines: lines.map((line) => ({ ...line })), total: this.total };
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
