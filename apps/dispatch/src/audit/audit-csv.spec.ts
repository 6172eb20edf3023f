import { AUDIT_LINE_COLUMNS, csvCell, csvHeader, csvRecord, csvRow } from './audit-csv';

describe('CSV', () => {
  it('quotes cells with commas, quotes and line breaks, doubling quotes', () => {
    expect(csvRow(['plain', 'a,b', 'say "hi"', 'two\nlines', 3, null, undefined])).toBe(
      'plain,"a,b","say ""hi""","two\nlines",3,,\r\n',
    );
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@me')).toBe("'@me");
    expect(csvCell(-1)).toBe('-1');
  });

  it('has one header per column and one cell per column in each record', () => {
    const header = csvHeader(AUDIT_LINE_COLUMNS);
    expect(header.startsWith('seq,eventSeq,kind,at,namespace,')).toBe(true);
    const record = csvRecord(
      {
        seq: 5,
        eventSeq: 3,
        kind: 'assignment',
        at: '2030-01-01T00:00:00.000Z',
        namespace: 'default',
        eventId: 'ev',
        eventKey: 'k',
        workerLabels: { zone: 'eu', gpu: 'yes' },
        detail: 'score 2, sticky preferred',
      },
      AUDIT_LINE_COLUMNS,
    );
    expect(record).toBe(
      '5,3,assignment,2030-01-01T00:00:00.000Z,default,ev,k,,,,,,,,,zone=eu;gpu=yes,,,,,"score 2, sticky preferred",,\r\n',
    );
    expect(header.split(',').length).toBe(AUDIT_LINE_COLUMNS.length);
  });
});
