import { Command } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { Replay, ReplaysResource, WharfApiError } from '@wharf/sdk';
import { printJson, printLine, wantsJson } from './support/output';
import { replaysClient } from './replay/replay-client';
import { ReplayOptions, replayInput } from './replay/replay-options';
import { dryRunText, replaySummary } from './replay/replay-text';

const POLL_MS = 500;

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * Polls the replay until it ends, with a progress bar (rate, ETA) on stderr. The operator token
 * reads the replay inside its target tenant: a first 403 switches to that.
 */
async function follow(command: Command, start: Replay, showBar: boolean): Promise<Replay> {
  let reader: ReplaysResource = replaysClient(command);
  let replay = start;
  const bar = showBar
    ? new SingleBar(
        {
          format: 'replaying |{bar}| {percentage}% | {value}/{total} events | {rate} events/s | ETA {eta_formatted}',
          stream: process.stderr,
          etaBuffer: 20,
        },
        Presets.shades_classic,
      )
    : null;
  bar?.start(replay.selected ?? 0, 0, { rate: '-' });
  try {
    while (replay.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      try {
        replay = await reader.get(replay.replayId);
      } catch (err) {
        if (!(err instanceof WharfApiError) || err.status !== 403) throw err;
        reader = replaysClient(command, replay.to);
        replay = await reader.get(replay.replayId);
      }
      if (bar) {
        if (replay.selected !== null) bar.setTotal(replay.selected);
        bar.update(replay.replayed + replay.skipped, { rate: replay.rate ?? '-' });
      }
    }
  } finally {
    bar?.stop();
  }
  return replay;
}

/** `wharf replay`: replays a tenant's events into another tenant, with a progress bar. */
export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description(
      "replay a tenant's pushed events, in their original order, into another tenant (idempotent: run it again to resume)",
    )
    .requiredOption('--from <tenant>', 'source tenant (only read)')
    .requiredOption('--to <tenant>', 'target tenant')
    .option('--create', 'create the target tenant if it does not exist (operator token only)')
    .option('--namespace <ns>', 'replay only this namespace')
    .option(
      '--map-namespace <a=b>',
      'replay namespace a into namespace b; repeatable; only the namespaces named',
      collect,
    )
    .option('--since <time>', 'only events that occurred at or after this ISO date-time, e.g. 2030-01-31T00:00:00Z')
    .option('--until <time>', 'only events that occurred before this ISO date-time')
    .option('--key <pattern>', 'only events whose key matches; "*" matches any run of characters, e.g. "user:*"')
    .option('--with-workflows', "copy the source's workflow definitions first")
    .option('--dry-run', 'print what would be replayed (counts per namespace and key) and write nothing')
    .option(
      '--target-token-file <file>',
      'file holding an admin token of the target tenant (needed unless the token is the operator token)',
    )
    .action(async (options: ReplayOptions, command: Command) => {
      const input = replayInput(options);
      const replays = replaysClient(command);
      if (options.dryRun) {
        const dryRun = await replays.dryRun(input);
        if (wantsJson(command)) printJson(dryRun);
        else printLine(dryRunText(dryRun));
        return;
      }
      const started = await replays.start(input);
      const json = wantsJson(command);
      const replay = await follow(command, started, !json && process.stderr.isTTY === true);
      if (json) printJson(replay);
      else printLine(replaySummary(replay));
      if (replay.status !== 'completed') process.exitCode = 1;
    });
}
