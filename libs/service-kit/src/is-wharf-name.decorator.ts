import { registerDecorator, ValidationOptions } from 'class-validator';
import { NameKind, nameRuleViolation } from '@wharf/names';

/** class-validator decorator backed by the shared name rules; works on arrays with `{ each: true }`. */
export function IsWharfName(kind: NameKind, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isWharfName',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => nameRuleViolation(kind, value) === null,
        defaultMessage: (args) => {
          const value = Array.isArray(args?.value)
            ? args.value.find((v) => nameRuleViolation(kind, v) !== null)
            : args?.value;
          return `${args?.property} ${nameRuleViolation(kind, value) ?? 'is invalid'}`;
        },
      },
    });
  };
}
