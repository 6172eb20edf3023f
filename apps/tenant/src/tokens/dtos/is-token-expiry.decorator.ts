import { registerDecorator, ValidationOptions } from 'class-validator';
import { tokenExpiryViolation } from '../token-expiry.rule';

/** class-validator decorator for a token's `expiresAt`: a future ISO date-time or "never". */
export function IsTokenExpiry(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isTokenExpiry',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => tokenExpiryViolation(value, Date.now()) === null,
        defaultMessage: (args) =>
          `${args?.property} ${tokenExpiryViolation(args?.value, Date.now()) ?? 'must be in the future'}`,
      },
    });
  };
}
