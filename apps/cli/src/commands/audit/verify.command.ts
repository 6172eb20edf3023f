import { Presets, SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { VerifyProgress } from '@wharf/sdk';
import { wharfClient } from '../support/global-options';
import { printJson, printLine, wantsJson } from '../support/output';
import { historyReportText } from './history-report-text';

/** A progress bar on stderr, only when stderr is a terminal. */
function progressBar(): { onProgress?: (progress: VerifyProgress) => void; stop(): void } {
  if (!process.stderr.isTTY) return { stop: () => undefined };
  const bar = new SingleBar(
    {
      format: 'verifying |{bar}| {percentage}% | {value}/{total} messages | ETA {eta_formatted}',
      stream: process.stderr,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    onProgress: ({ checked, total }) => {
      if (!started) bar.start(total, checked);
      else bar.update(checked);
      started = true;
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

/**
 * `wharf audit verify [--tenant X] [--anchor H] [--json]`: verifies the tenant's history against
 * its seals; exit code 1 when it is not intact.
 */
export function registerAuditVerifyCommand(audit: Command): void {
  audit
    .command('verify')
    .description(
      "verify the tenant's history against its seals: reports the first event changed, removed, reordered or inserted since it was sealed (the operator names the tenant with --tenant); exit code 1 when not intact",
    )
    .option(
      '--anchor <hash>',
      'a seal hash written down earlier (last seal hash of a past verify): the chain must still hold it',
    )
    .action(async (options: { anchor?: string }, command: Command) => {
      const bar = progressBar();
      let report;
      try {
        report = await wharfClient(command).history.verify({ anchor: options.anchor, onProgress: bar.onProgress });
      } finally {
        bar.stop();
      }
      if (wantsJson(command)) printJson(report);
      else printLine(historyReportText(report));
      if (!report.intact) process.exitCode = 1;
    });
}
