import { HandledStep } from './demo-ledger';

/** One claim the demo verifies, with the sentence that says what was found. */
export interface DemoCheck {
  ok: boolean;
  text: string;
}

/** The runs the events pushed in one place started, as the push answers listed them. */
export interface PushedRuns {
  place: string;
  events: number;
  runIds: readonly string[];
}

/** `origin place -> place whose worker ran it -> steps`; origin `null` is a run the demo never pushed. */
export type DeliveryMatrix = Map<string | null, Map<string, number>>;

export function deliveryMatrix(pushed: readonly PushedRuns[], handled: readonly HandledStep[]): DeliveryMatrix {
  const originOf = new Map<string, string>();
  for (const p of pushed) for (const runId of p.runIds) originOf.set(runId, p.place);
  const matrix: DeliveryMatrix = new Map();
  for (const step of handled) {
    const origin = originOf.get(step.runId) ?? null;
    const row = matrix.get(origin) ?? new Map<string, number>();
    row.set(step.place, (row.get(step.place) ?? 0) + 1);
    matrix.set(origin, row);
  }
  return matrix;
}

function possessive(place: string): string {
  return `${place}'s`;
}

/**
 * The isolation claims, from the push answers and the workers' ledger alone: each place's events
 * ran only on that place's workers, and every pushed run ran exactly once with nothing else run.
 */
export function isolationChecks(pushed: readonly PushedRuns[], handled: readonly HandledStep[]): DemoCheck[] {
  const matrix = deliveryMatrix(pushed, handled);
  const checks: DemoCheck[] = pushed.map((p) => {
    const row = matrix.get(p.place) ?? new Map<string, number>();
    const elsewhere = pushed.filter((other) => other.place !== p.place);
    const leaked = elsewhere.reduce((sum, other) => sum + (row.get(other.place) ?? 0), 0);
    const others = elsewhere.map((other) => `${row.get(other.place) ?? 0} on ${possessive(other.place)}`).join(', ');
    return {
      ok: leaked === 0 && p.runIds.length === p.events,
      text:
        `${possessive(p.place)} ${p.events} events started ${p.runIds.length} runs, ` +
        `${row.get(p.place) ?? 0} ran on ${possessive(p.place)} workers (${others})`,
    };
  });

  const timesRun = new Map<string, number>();
  for (const step of handled) timesRun.set(step.runId, (timesRun.get(step.runId) ?? 0) + 1);
  const pushedRunIds = pushed.flatMap((p) => p.runIds);
  const never = pushedRunIds.filter((id) => !timesRun.has(id)).length;
  const twice = pushedRunIds.filter((id) => (timesRun.get(id) ?? 0) > 1).length;
  const unknown = [...(matrix.get(null)?.values() ?? [])].reduce((a, b) => a + b, 0);
  const problems = [
    never > 0 ? `${never} never ran` : '',
    twice > 0 ? `${twice} ran more than once` : '',
    unknown > 0 ? `${unknown} steps ran that no demo event started` : '',
  ].filter((s) => s !== '');
  checks.push({
    ok: problems.length === 0,
    text:
      problems.length === 0
        ? `each of the ${pushedRunIds.length} runs ran exactly once, and the workers ran nothing else`
        : `of the ${pushedRunIds.length} runs, ${problems.join('; ')}`,
  });
  return checks;
}
