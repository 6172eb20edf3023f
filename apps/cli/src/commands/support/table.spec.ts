import { cellText, formatFields, formatTable } from './table';

describe('formatTable', () => {
  const columns = [
    { header: 'Worker id', value: (r: { id: string; actions: string[] }) => r.id },
    { header: 'Actions', value: (r: { id: string; actions: string[] }) => r.actions },
  ];

  it('aligns columns under upper-case headers without trailing blanks', () => {
    const text = formatTable(
      [
        { id: 'w1', actions: ['email:send', 'sms:send'] },
        { id: 'worker-22', actions: [] },
      ],
      columns,
    );
    expect(text).toBe(['WORKER ID  ACTIONS', 'w1         email:send, sms:send', 'worker-22  -'].join('\n'));
  });

  it('prints the header alone for no rows', () => {
    expect(formatTable([], columns)).toBe('WORKER ID  ACTIONS');
  });
});

describe('cellText', () => {
  it.each([
    [null, '-'],
    [undefined, '-'],
    ['', '-'],
    [3, '3'],
    [false, 'false'],
    ['two\nlines', 'two lines'],
    [{ region: 'eu' }, '{"region":"eu"}'],
    [[{ a: 1 }], '[{"a":1}]'],
  ])('renders %j as %j', (value, text) => {
    expect(cellText(value)).toBe(text);
  });
});

describe('formatFields', () => {
  it('aligns the values', () => {
    expect(
      formatFields([
        ['run', 'r1'],
        ['workflow', 'onboard'],
        ['finished', null],
      ]),
    ).toBe('run       r1\nworkflow  onboard\nfinished  -');
  });
});
