import { StepAffinity } from '@wharf/events';

/** Whether the labels carry every required label with its exact value (no requirement: true). */
export function hasRequiredLabels(labels: Readonly<Record<string, string>>, affinity?: StepAffinity): boolean {
  for (const [key, value] of Object.entries(affinity?.required ?? {})) {
    if (!Object.prototype.hasOwnProperty.call(labels, key) || labels[key] !== value) return false;
  }
  return true;
}

/** The sum of the weights of the weighted labels the labels carry: 0 when the step weighs none. */
export function affinityScore(labels: Readonly<Record<string, string>>, affinity?: StepAffinity): number {
  let score = 0;
  for (const { key, value, weight } of affinity?.weighted ?? []) {
    if (Object.prototype.hasOwnProperty.call(labels, key) && labels[key] === value) score += weight;
  }
  return score;
}
