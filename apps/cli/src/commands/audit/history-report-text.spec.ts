import { HistoryVerification } from '@wharf/sdk';
import { historyReportText } from './history-report-text';

const intact: HistoryVerification = {
  tenant: 'acme',
  intact: true,
  seals: 3,
  sealedEvents: 42,
  unsealedEvents: 1,
  checkedEvents: 43,
  findings: [],
  findingsCount: 0,
  first: null,
  lastSealHash: 'ab'.repeat(32),
  lastSealIndex: 3,
};

describe('historyReportText', () => {
  it('says an intact history is intact, with the hash to write down', () => {
    expect(historyReportText(intact)).toBe(
      `intact: 42 events in 3 seals, 1 not sealed yet\nlast seal hash: ${'ab'.repeat(32)} (seal 3)`,
    );
  });

  it('leads with the first finding, then lists them all and says how many were left out', () => {
    const changed = {
      kind: 'changed' as const,
      eventId: 'e1',
      originalSeq: 42,
      foundSeq: 42,
      seal: 3,
      message: 'event e1 (seq 42) was changed since seal 3',
    };
    const removed = { ...changed, kind: 'removed' as const, message: 'event e2 (seq 43) was removed since seal 3' };
    const text = historyReportText({
      ...intact,
      intact: false,
      findings: [changed, removed],
      findingsCount: 5,
      first: changed,
    });
    expect(text.split('\n')).toEqual([
      'NOT INTACT: event e1 (seq 42) was changed since seal 3',
      'tenant acme: 42 events in 3 seals, 1 not sealed yet; 5 findings:',
      '  changed        event e1 (seq 42) was changed since seal 3',
      '  removed        event e2 (seq 43) was removed since seal 3',
      '  … and 3 more (the earliest are shown)',
    ]);
  });
});
