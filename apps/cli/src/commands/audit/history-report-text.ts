import { HistoryVerification } from '@wharf/sdk';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The verification in words: `intact: …` with the hash to write down, or the first finding then
 * every finding kept, one a line.
 */
export function historyReportText(report: HistoryVerification): string {
  const counts = `${plural(report.sealedEvents, 'event')} in ${plural(report.seals, 'seal')}, ${report.unsealedEvents} not sealed yet`;
  if (report.intact) {
    const anchor =
      report.lastSealHash === null ? '' : `\nlast seal hash: ${report.lastSealHash} (seal ${report.lastSealIndex})`;
    return `intact: ${counts}${anchor}`;
  }
  const lines = [
    `NOT INTACT: ${report.first?.message ?? 'the history does not match its seals'}`,
    `tenant ${report.tenant}: ${counts}; ${plural(report.findingsCount, 'finding')}:`,
    ...report.findings.map((f) => `  ${f.kind.padEnd(14)} ${f.message}`),
  ];
  if (report.findingsCount > report.findings.length) {
    lines.push(`  … and ${report.findingsCount - report.findings.length} more (the earliest are shown)`);
  }
  return lines.join('\n');
}
