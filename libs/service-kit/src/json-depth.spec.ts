import * as fc from 'fast-check';
import { jsonNestingExceeds } from './json-depth';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** The nesting of a parsed value, the way the rule counts it: an object or array is one level. */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  return 1 + Math.max(0, ...Object.values(value).map(depthOf));
}

describe('JSON nesting limit', () => {
  it('counts the top-level object or array as level 1', () => {
    expect(jsonNestingExceeds(bytes('{"a":1}'), 1)).toBe(false);
    expect(jsonNestingExceeds(bytes('{"a":{"b":1}}'), 1)).toBe(true);
    expect(jsonNestingExceeds(bytes('{"a":{"b":[1]}}'), 3)).toBe(false);
    expect(jsonNestingExceeds(bytes('{"a":{"b":[1]}}'), 2)).toBe(true);
    expect(jsonNestingExceeds(bytes(nested(32)), 32)).toBe(false);
    expect(jsonNestingExceeds(bytes(nested(33)), 32)).toBe(true);
  });

  it('counts siblings once, not added up', () => {
    expect(jsonNestingExceeds(bytes(`[${Array(100).fill('[[1]]').join(',')}]`), 3)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonNestingExceeds(bytes(JSON.stringify({ k: '[[[[{{{{' })), 1)).toBe(false);
    expect(jsonNestingExceeds(bytes(JSON.stringify({ k: 'say \\"[[[[\\" and "{{{{"' })), 1)).toBe(false);
    expect(jsonNestingExceeds(bytes(JSON.stringify({ '[[[[': '\\' })), 1)).toBe(false);
    expect(jsonNestingExceeds(bytes(JSON.stringify({ k: 'é[😀{', n: [[1]] })), 2)).toBe(true);
  });

  it('refuses a million nested arrays without parsing them', () => {
    expect(jsonNestingExceeds(bytes(nested(1_000_000)), 32)).toBe(true);
  });

  it('agrees with the depth of the parsed value for any JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 1, max: 10 }), (value, max) => {
        expect(jsonNestingExceeds(bytes(JSON.stringify(value)), max)).toBe(depthOf(value) > max);
      }),
    );
  });
});
