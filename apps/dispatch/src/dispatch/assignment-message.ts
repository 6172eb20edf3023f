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

/** Tells the worker holding an attempt to stop it: its run was cancelled, or it ran past its execution timeout. */
export interface CancelMessage {
  runId: string;
  stepRunId: string;
  attempt: number;
  reason: 'run-cancelled' | 'execution-timeout';
}

/** One message of an assignment stream: its SSE event name and data. */
export type StreamMessage = { event: 'assignment'; data: AssignmentMessage } | { event: 'cancel'; data: CancelMessage };
