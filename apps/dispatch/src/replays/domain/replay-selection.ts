import { ReplaySelection } from '@wharf/events';
import { isoDateTimeInstant, SUBJECT_ROOT } from '@wharf/names';

/** What a source event must have for a selection to take it. */
export interface SourceEventFacts {
  namespace: string;
  key: string;
  occurredAt: string;
}

/**
 * The selection with its parts in one order and absent parts left out, so the same replay asked
 * twice (fields in another order, `withWorkflows` left out) has the same id.
 */
export function canonicalSelection(selection: ReplaySelection): ReplaySelection {
  const canonical: ReplaySelection = { withWorkflows: selection.withWorkflows };
  if (selection.namespace !== undefined) canonical.namespace = selection.namespace;
  if (selection.namespaceMap !== undefined) {
    canonical.namespaceMap = Object.fromEntries(
      Object.entries(selection.namespaceMap).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  }
  if (selection.since !== undefined) canonical.since = new Date(instantOf(selection.since)).toISOString();
  if (selection.until !== undefined) canonical.until = new Date(instantOf(selection.until)).toISOString();
  if (selection.key !== undefined) canonical.key = selection.key;
  return canonical;
}

function instantOf(value: string): number {
  const instant = isoDateTimeInstant(value);
  if (instant === null) throw new Error(`"${value}" is not an ISO date-time with a time zone`);
  return instant;
}

/** A key pattern as a test: `*` matches any run of characters, everything else itself. */
export function keyMatcher(pattern: string | undefined): (key: string) => boolean {
  if (pattern === undefined) return () => true;
  if (!pattern.includes('*')) return (key) => key === pattern;
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const regex = new RegExp(`^${source}$`);
  return (key) => regex.test(key);
}

/**
 * The namespace of the target that a source namespace maps to, or null when the selection leaves
 * that namespace out: `namespace` keeps the one namespace as is, `namespaceMap` renames the
 * namespaces it names and leaves out the others, neither keeps every namespace.
 */
export function targetNamespace(selection: ReplaySelection, sourceNamespace: string): string | null {
  if (selection.namespace !== undefined) return sourceNamespace === selection.namespace ? sourceNamespace : null;
  if (selection.namespaceMap !== undefined) return selection.namespaceMap[sourceNamespace] ?? null;
  return sourceNamespace;
}

/** The source namespaces a selection reads, or null for all of them. */
export function sourceNamespaces(selection: ReplaySelection): string[] | null {
  if (selection.namespace !== undefined) return [selection.namespace];
  if (selection.namespaceMap !== undefined) return Object.keys(selection.namespaceMap).sort();
  return null;
}

/**
 * The one subject filter the source is read through (NATS 2.9 takes one per consumer): the one
 * namespace's events when only one is selected, else every event of the tenant.
 */
export function sourceEventFilter(from: string, selection: ReplaySelection): string {
  const namespaces = sourceNamespaces(selection);
  const namespace = namespaces !== null && namespaces.length === 1 ? namespaces[0] : '*';
  return `${SUBJECT_ROOT}.${from}.${namespace}.event.*`;
}

/** True when reading through `sourceEventFilter` yields exactly the selected events (nothing to test one by one). */
export function filterIsExact(selection: ReplaySelection): boolean {
  const namespaces = sourceNamespaces(selection);
  return (
    selection.since === undefined &&
    selection.until === undefined &&
    selection.key === undefined &&
    (namespaces === null || namespaces.length === 1)
  );
}

/**
 * The test a source event passes to be replayed, returning its target namespace (or null):
 * namespace selection, `since` (inclusive) and `until` (exclusive) on the event's `occurredAt`,
 * and the key pattern.
 */
export function selector(selection: ReplaySelection): (event: SourceEventFacts) => string | null {
  const since = selection.since === undefined ? -Infinity : instantOf(selection.since);
  const until = selection.until === undefined ? Infinity : instantOf(selection.until);
  const keyMatches = keyMatcher(selection.key);
  return (event) => {
    const namespace = targetNamespace(selection, event.namespace);
    if (namespace === null || !keyMatches(event.key)) return null;
    if (since !== -Infinity || until !== Infinity) {
      const at = Date.parse(event.occurredAt);
      if (!(at >= since && at < until)) return null;
    }
    return namespace;
  };
}
