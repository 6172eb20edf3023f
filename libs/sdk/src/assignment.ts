/** One step run handed to a worker, as the dispatch service sends it on the assignment stream. */
export interface Assignment {
  runId: string;
  stepRunId: string;
  workflow: string;
  step: string;
  action: string;
  input: unknown;
  attempt: number;
}

/** Identifies one attempt of one step run: the unit a worker must run at most once. */
export function assignmentKey(assignment: Pick<Assignment, 'stepRunId' | 'attempt'>): string {
  return `${assignment.stepRunId}#${assignment.attempt}`;
}

const TEXT_FIELDS = ['runId', 'stepRunId', 'workflow', 'step', 'action'] as const;

/**
 * Reads the `data` of an `assignment` event. Throws on anything that is not a complete assignment,
 * so a malformed message is reported instead of running a handler with half its context.
 */
export function parseAssignment(data: string): Assignment {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    throw new Error('assignment data is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error('assignment data is not a JSON object');
  const record = value as Record<string, unknown>;
  for (const field of TEXT_FIELDS) {
    if (typeof record[field] !== 'string' || record[field] === '')
      throw new Error(`assignment ${field} must be a non-empty string`);
  }
  if (!Number.isInteger(record.attempt) || (record.attempt as number) < 1)
    throw new Error('assignment attempt must be a positive integer');
  return {
    runId: record.runId as string,
    stepRunId: record.stepRunId as string,
    workflow: record.workflow as string,
    step: record.step as string,
    action: record.action as string,
    input: record.input === undefined ? null : record.input,
    attempt: record.attempt as number,
  };
}
