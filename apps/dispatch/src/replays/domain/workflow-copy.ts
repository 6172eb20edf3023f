import { WorkflowPut, WorkflowStep } from '@wharf/events';

/** A workflow definition as the source has it now. */
export interface WorkflowDefinition {
  name: string;
  eventKeys: readonly string[];
  steps: readonly WorkflowStep[];
  strategy?: WorkflowPut['strategy'];
}

/**
 * The `workflow.put` that gives the target the source's definition: the next version after the
 * target's last one, or nothing when the target's current definition is already the same (so a
 * replay run again copies nothing).
 */
export function workflowCopy(source: WorkflowDefinition, targetLast: WorkflowPut | null): WorkflowPut | null {
  if (targetLast !== null && sameDefinition(source, targetLast)) return null;
  const put: WorkflowPut = {
    name: source.name,
    version: (targetLast?.version ?? 0) + 1,
    eventKeys: [...source.eventKeys],
    steps: source.steps.map((step) => structuredClone(step)),
  };
  if (source.strategy !== undefined) put.strategy = source.strategy;
  return put;
}

function sameDefinition(a: WorkflowDefinition, b: WorkflowDefinition): boolean {
  return (
    canonicalJson(a.eventKeys) === canonicalJson(b.eventKeys) &&
    canonicalJson(a.steps) === canonicalJson(b.steps) &&
    (a.strategy ?? null) === (b.strategy ?? null)
  );
}

/** JSON with object keys sorted, so two equal definitions compare equal whatever their key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : 1)))
      : v,
  );
}
