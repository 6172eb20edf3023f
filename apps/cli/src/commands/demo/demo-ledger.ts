/** One step a demo worker ran, as its handler saw it. */
export interface HandledStep {
  /** The place (namespace of a tenant) the worker serves. */
  place: string;
  worker: string;
  workerId: string;
  runId: string;
  stepRunId: string;
  attempt: number;
}

/**
 * What the demo's workers did, written by their handlers. It is the workers' own account, kept
 * apart from Wharf's records so the two can be compared.
 */
export class DemoLedger {
  private readonly steps: HandledStep[] = [];

  record(step: HandledStep): void {
    this.steps.push(step);
  }

  all(): readonly HandledStep[] {
    return this.steps;
  }
}
