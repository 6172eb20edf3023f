import { eventIdOf, messageDigest } from './message-digest';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('messageDigest', () => {
  it('is the hex SHA-256 of the bytes as stored', () => {
    expect(messageDigest(bytes('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('changes with a single byte', () => {
    expect(messageDigest(bytes('{"id":"a","payload":1}'))).not.toBe(messageDigest(bytes('{"id":"a","payload":2}')));
  });
});

describe('eventIdOf', () => {
  it('reads the id an envelope starts with', () => {
    expect(eventIdOf(bytes('{"id":"6f0c-1","type":"event.pushed"}'))).toBe('6f0c-1');
  });

  it('reads an id that is not the first field by parsing the message', () => {
    expect(eventIdOf(bytes('{"type":"x","id":"late"}'))).toBe('late');
  });

  it('reads a view of a larger buffer, not the buffer around it', () => {
    const whole = bytes('xxxx{"id":"inner"}');
    expect(eventIdOf(whole.subarray(4))).toBe('inner');
  });

  it('is null for data that is not an envelope', () => {
    expect(eventIdOf(bytes('{"id":"cut'))).toBeNull();
    expect(eventIdOf(bytes('[1,2]'))).toBeNull();
    expect(eventIdOf(bytes('{"id":42}'))).toBeNull();
    expect(eventIdOf(bytes(''))).toBeNull();
  });
});
