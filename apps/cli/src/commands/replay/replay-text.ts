import { Replay, ReplayDryRun } from '@wharf/sdk';
import { formatTable } from '../support/table';

/** A dry run for people: one line per source namespace → target namespace and key, the total, the workflows. */
export function dryRunText(dryRun: ReplayDryRun): string {
  const lines: string[] = [];
  if (dryRun.plan.lines.length === 0) {
    lines.push(`nothing in ${dryRun.from} matches: no event would be replayed`);
  } else {
    lines.push(
      formatTable(dryRun.plan.lines, [
        { header: 'source namespace', value: (l) => l.sourceNamespace },
        { header: 'target namespace', value: (l) => l.targetNamespace },
        { header: 'key', value: (l) => l.key },
        { header: 'events', value: (l) => l.events },
      ]),
    );
  }
  if (dryRun.selection.withWorkflows) {
    const names = dryRun.workflows.map((w) => `${w.sourceNamespace}/${w.name} → ${w.targetNamespace}`);
    lines.push(`workflows to copy: ${names.length === 0 ? 'none' : names.join(', ')}`);
  }
  lines.push(
    `dry run: ${dryRun.plan.total} events would be replayed from ${dryRun.from} into ${dryRun.to}; nothing was written`,
  );
  return lines.join('\n');
}

/** The last line of a replay: how it ended and how many events went where, how fast. */
export function replaySummary(replay: Replay): string {
  const counts = `${replay.replayed} replayed, ${replay.skipped} already there, ${replay.workflows} workflows copied`;
  switch (replay.status) {
    case 'completed': {
      const seconds = replay.durationMs === null ? '' : ` in ${(replay.durationMs / 1000).toFixed(1)} s`;
      const rate = replay.rate === null ? '' : ` (${replay.rate} events/s)`;
      return `replay ${replay.replayId} completed: ${counts}${seconds}${rate}; ${replay.from} → ${replay.to}`;
    }
    case 'failed':
      return `replay ${replay.replayId} failed after source sequence ${replay.throughSeq}: ${replay.reason ?? 'unknown reason'}; run the same command again to resume`;
    case 'interrupted':
      return `replay ${replay.replayId} was interrupted after source sequence ${replay.throughSeq} (${counts}); run the same command again to resume`;
    case 'running':
      return `replay ${replay.replayId} is running: ${counts}`;
  }
}
