import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { PushEventDto } from './push-event.dto';

function constraints(plain: object): Record<string, Record<string, string>> {
  return Object.fromEntries(
    validateSync(plainToInstance(PushEventDto, plain)).map((e) => [e.property, e.constraints ?? {}]),
  );
}

describe('PushEventDto payload limit', () => {
  it('accepts a payload of 256 KiB as JSON by default', () => {
    // A JSON string is its characters plus two quotes.
    expect(constraints({ key: 'a:b', payload: 'x'.repeat(256 * 1024 - 2) })).toEqual({});
    expect(constraints({ key: 'a:b', payload: { nested: [1, 'two', null] } })).toEqual({});
    expect(constraints({ key: 'a:b' })).toEqual({});
  });

  it('refuses a payload one byte larger, with the constraint answered as a 413', () => {
    expect(constraints({ key: 'a:b', payload: 'x'.repeat(256 * 1024 - 1) })).toEqual({
      payload: { maxJsonBytes: 'at most 262144 bytes as JSON' },
    });
  });

  it('still bounds the metadata map', () => {
    const metadata = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'v']));
    expect(Object.keys(constraints({ key: 'a:b', metadata }))).toEqual(['metadata']);
  });
});
