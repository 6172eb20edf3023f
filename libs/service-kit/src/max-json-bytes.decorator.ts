import { registerDecorator, ValidationOptions } from 'class-validator';

/** The constraint's name; validationException answers its violation with a 413, not a 400. */
export const MAX_JSON_BYTES = 'maxJsonBytes';

/** The size of a value as Wharf stores it: UTF-8 bytes of its JSON text. */
export function jsonByteLength(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

/**
 * class-validator decorator: the value, as JSON, is at most `maxBytes` bytes. Its violation is a
 * 413 naming the property, with the rule `at most <maxBytes> bytes as JSON`.
 */
export function MaxJsonBytes(maxBytes: number, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: MAX_JSON_BYTES,
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => jsonByteLength(value) <= maxBytes,
        defaultMessage: () => `at most ${maxBytes} bytes as JSON`,
      },
    });
  };
}
