import { CsvColumnReader } from './csv-progress';

describe('CsvColumnReader', () => {
  it('reads one column of each record across chunks, skipping the header and quoted line breaks', () => {
    const reader = new CsvColumnReader(1);
    const values = [
      ...reader.read('seq,eventSeq,detail\r\n1,1,plain\r\n2,1,"two\r\nlines, '),
      ...reader.read('and ""quotes"""\r\n3,'),
      ...reader.read('3,x\r\n'),
    ];
    expect(values).toEqual(['1', '1', '3']);
  });
});
