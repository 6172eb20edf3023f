import { parseKeyValuePairs } from './key-value-pairs';

describe('parseKeyValuePairs', () => {
  it('reads key=value pairs, keeping "=" inside values', () => {
    expect(parseKeyValuePairs(['source=cli', 'query=a=b', 'empty='], 'metadata')).toEqual({
      source: 'cli',
      query: 'a=b',
      empty: '',
    });
  });

  it.each([['novalue'], ['=value']])('rejects %j naming the field', (pair) => {
    expect(() => parseKeyValuePairs([pair], 'metadata')).toThrow(`metadata: must be given as key=value, not "${pair}"`);
  });
});
