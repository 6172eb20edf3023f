import { AssignmentRecord, Run, StepRun } from '@wharf/sdk';
import { cellText, Column, formatFields, formatTable } from './table';

const MAX_RESULT_WIDTH = 60;

/** Keeps a step's output or error readable in one cell; `--json` shows it whole. */
export function abbreviate(text: string, max: number = MAX_RESULT_WIDTH): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A step's or run's outcome in one cell: its error if it failed, else its output. */
function result(outcome: { output: unknown; error: string | null }): string {
  if (outcome.error !== null && outcome.error !== undefined && outcome.error !== '')
    return `error: ${abbreviate(outcome.error)}`;
  return abbreviate(cellText(outcome.output));
}

const STEP_COLUMNS: Column<StepRun>[] = [
  { header: 'step', value: (s) => s.step },
  { header: 'action', value: (s) => s.action },
  { header: 'status', value: (s) => s.status },
  { header: 'step run id', value: (s) => s.stepRunId },
  { header: 'attempt', value: (s) => s.attempt },
  { header: 'result', value: result },
];

type AssignmentRow = AssignmentRecord & { step: string };

const ASSIGNMENT_COLUMNS: Column<AssignmentRow>[] = [
  { header: 'step', value: (a) => a.step },
  { header: 'attempt', value: (a) => a.attempt },
  { header: 'worker', value: (a) => `${a.workerName} (${a.workerId})` },
  { header: 'strategy', value: (a) => a.strategy },
  { header: 'candidates', value: (a) => a.candidates },
  { header: 'draw', value: (a) => (typeof a.draw === 'number' ? a.draw.toFixed(4) : a.draw) },
  { header: 'outcome', value: (a) => a.outcome },
  { header: 'assigned', value: (a) => a.assignedAt },
  { header: 'started', value: (a) => a.startedAt },
  { header: 'finished', value: (a) => a.finishedAt },
  { header: 'seq', value: (a) => a.seq },
];

/** A run for people: its fields, its steps, then every assignment of every step in order. */
export function runDetailText(run: Run): string {
  const header = formatFields([
    ['run', run.runId],
    ['workflow', run.workflow],
    ['status', run.status],
    ['namespace', run.namespace],
    ['event', `${run.eventId} (${run.eventKey})`],
    ['started', run.startedAt],
    ['finished', run.finishedAt],
    ['input', abbreviate(cellText(run.input))],
    ['result', result(run)],
    ...(run.cancellation
      ? [['cancelled', `by ${run.cancellation.by}: ${run.cancellation.reason}`] as [string, string]]
      : []),
  ]);
  const waits = run.steps.flatMap((step) => [
    ...(step.timeouts ?? []).map(
      (t) => `${step.step}: attempt ${t.attempt} timed out (${t.phase}, after ${t.afterMs} ms) at ${t.at}`,
    ),
    ...(step.retries ?? []).map(
      (r) => `${step.step}: attempt ${r.attempt} ${r.reason}; retry in ${r.delayMs} ms, at ${r.retryAt}`,
    ),
  ]);
  const assignments = run.steps.flatMap((step) => step.assignments.map((a) => ({ ...a, step: step.step })));
  return [
    header,
    '',
    run.steps.length === 0 ? 'no steps' : formatTable(run.steps, STEP_COLUMNS),
    '',
    'Assignments',
    assignments.length === 0 ? 'none yet' : formatTable(assignments, ASSIGNMENT_COLUMNS),
    ...(waits.length === 0 ? [] : ['', 'Timeouts and retries', ...waits]),
  ].join('\n');
}
