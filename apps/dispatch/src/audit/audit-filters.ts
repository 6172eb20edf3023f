import { AuditLine, AuditOutcome } from './audit-line';

/**
 * What a dispatch audit selects. Events are selected whole by time (`since` inclusive, `until`
 * exclusive, ISO), namespace and key (exact, or a pattern where `*` matches any run of
 * characters); `workflow`, `worker` (id or name) and `outcome` keep an event when one of its runs
 * matches, and then only the matching runs' lines. `outcome: unmatched` keeps the events no
 * workflow matched.
 */
export interface AuditFilters {
  since?: string;
  until?: string;
  namespace?: string;
  key?: string;
  workflow?: string;
  worker?: string;
  outcome?: AuditOutcome;
}

const KEY_PATTERN_PART = /^[a-z0-9:_-]*$/;

/** Why `pattern` is not a key filter, or null: key characters and `*`, at most 128 characters. */
export function keyPatternViolation(pattern: string): string | null {
  if (pattern.length === 0) return 'must not be empty';
  if (pattern.length > 128) return 'must be at most 128 characters';
  if (!pattern.split('*').every((part) => KEY_PATTERN_PART.test(part))) {
    return 'may contain only lower-case letters a-z, digits 0-9, ":", "_", "-" and the wildcard "*"';
  }
  return null;
}

/** The key pattern as a regular expression anchored at both ends. */
export function keyPatternRegExp(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[-]/g, '\\-'))
      .join('.*')}$`,
  );
}

/** Whether the filters look at runs (so an event is kept for its matching runs only). */
export function filtersRuns(filters: AuditFilters): boolean {
  return (
    filters.workflow !== undefined ||
    filters.worker !== undefined ||
    (filters.outcome !== undefined && filters.outcome !== 'unmatched')
  );
}

interface RunFacts {
  workflow: string;
  outcome: AuditOutcome;
  workers: Set<string>;
}

/**
 * What the filters test of one event's group of lines (the lines sharing its `eventSeq`), read
 * from the lines alone: the first line gives the namespace, time and key; `run` lines the runs and
 * their workflow; `run-*` lines the outcome; `assignment` lines the workers (id and name).
 */
export interface AuditGroupFacts {
  namespace: string;
  at: string;
  eventKey: string | null;
  unmatched: boolean;
  runs: Map<string, RunFacts>;
}

export function groupFactsOf(lines: readonly AuditLine[]): AuditGroupFacts {
  const facts: AuditGroupFacts = {
    namespace: lines[0].namespace,
    at: lines[0].at,
    eventKey: lines[0].eventKey,
    unmatched: false,
    runs: new Map(),
  };
  for (const line of lines) {
    if (line.kind === 'event' && line.outcome === 'unmatched') facts.unmatched = true;
    if (line.runId === undefined) continue;
    if (line.kind === 'run' && line.workflow !== undefined) {
      facts.runs.set(line.runId, { workflow: line.workflow, outcome: 'running', workers: new Set() });
    }
    const run = facts.runs.get(line.runId);
    if (run === undefined) continue;
    if (line.kind.startsWith('run-') && line.outcome !== undefined) run.outcome = line.outcome;
    if (line.kind === 'assignment') {
      if (line.workerId !== undefined) run.workers.add(line.workerId);
      if (line.workerName !== undefined) run.workers.add(line.workerName);
    }
  }
  return facts;
}

/** Whether the event (group) passes the event-level filters. */
export function eventSelected(facts: AuditGroupFacts, filters: AuditFilters): boolean {
  if (filters.namespace !== undefined && facts.namespace !== filters.namespace) return false;
  if (filters.since !== undefined && facts.at < filters.since) return false;
  if (filters.until !== undefined && facts.at >= filters.until) return false;
  if (filters.key !== undefined && (facts.eventKey === null || !keyPatternRegExp(filters.key).test(facts.eventKey))) {
    return false;
  }
  if (filters.outcome === 'unmatched')
    return facts.unmatched && filters.workflow === undefined && filters.worker === undefined;
  return true;
}

function runSelected(run: RunFacts, filters: AuditFilters): boolean {
  if (filters.workflow !== undefined && run.workflow !== filters.workflow) return false;
  if (filters.outcome !== undefined && run.outcome !== filters.outcome) return false;
  if (filters.worker !== undefined && !run.workers.has(filters.worker)) return false;
  return true;
}

/**
 * The lines of one event's group the filters keep: all of them, none, or — when the filters look
 * at runs — the event's own lines and the lines of the runs that match. Times compare as ISO
 * strings (every `at` is `toISOString()`).
 */
export function selectGroupLines<T extends AuditLine>(lines: readonly T[], filters: AuditFilters): T[] {
  if (lines.length === 0) return [];
  const facts = groupFactsOf(lines);
  if (!eventSelected(facts, filters)) return [];
  if (!filtersRuns(filters)) return [...lines];
  const matching = new Set([...facts.runs].filter(([, run]) => runSelected(run, filters)).map(([runId]) => runId));
  if (matching.size === 0) return [];
  return lines.filter((line) => line.runId === undefined || matching.has(line.runId));
}
