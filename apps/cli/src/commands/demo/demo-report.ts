import { Run } from '@wharf/sdk';
import { formatTable } from '../support/table';
import { DemoCheck } from './isolation-checks';

/** How many runs one worker of one place received. */
export interface WorkerTally {
  tenant: string;
  namespace: string;
  worker: string;
  labels: Record<string, string>;
  runs: number;
  /** All runs the worker's place received, for the share. */
  placeRuns: number;
}

/** One line per worker: where it serves, its labels, and how many of its place's runs it got. */
export function spreadTable(tallies: readonly WorkerTally[]): string {
  return formatTable(tallies, [
    { header: 'tenant', value: (t) => t.tenant },
    { header: 'namespace', value: (t) => t.namespace },
    { header: 'worker', value: (t) => t.worker },
    { header: 'labels', value: (t) => Object.entries(t.labels).map(([k, v]) => `${k}=${v}`) },
    { header: 'runs', value: (t) => `${t.runs} of ${t.placeRuns}` },
  ]);
}

export function checkLines(checks: readonly DemoCheck[]): string {
  return checks.map((c) => `  ${c.ok ? '✓' : '✗'} ${c.text}`).join('\n');
}

/** A run's audit trail in a few lines: each assignment with its candidates, draw and outcome. */
export function auditTrailText(run: Run): string {
  const lines = [
    `  run ${run.runId}: workflow ${run.workflow}, ${run.status}, started by event ${run.eventId} (${run.eventKey}) in namespace ${run.namespace}`,
  ];
  for (const step of run.steps) {
    for (const a of step.assignments) {
      lines.push(
        `    step ${step.step}, attempt ${a.attempt}: ${a.strategy} draw ${a.draw.toFixed(4)} among ${a.candidates} ` +
          `candidates chose ${a.workerName} (${a.workerId}); outcome ${a.outcome ?? 'pending'}; stream seq ${a.seq}`,
      );
    }
  }
  return lines.join('\n');
}
