import { registerDecorator, ValidationOptions } from 'class-validator';
import { tenantDescriptionViolation } from '../tenant-description.rule';

/** class-validator decorator for a tenant's description; the message names the broken rule. */
export function IsTenantDescription(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isTenantDescription',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => tenantDescriptionViolation(value) === null,
        defaultMessage: (args) => `${args?.property} ${tenantDescriptionViolation(args?.value) ?? 'is invalid'}`,
      },
    });
  };
}
