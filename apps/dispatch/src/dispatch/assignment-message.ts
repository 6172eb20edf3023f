/** What a worker receives on its assignment stream for each step it must run. */
export interface AssignmentMessage {
  runId: string;
  stepRunId: string;
  workflow: string;
  step: string;
  action: string;
  input: unknown;
  attempt: number;
}
