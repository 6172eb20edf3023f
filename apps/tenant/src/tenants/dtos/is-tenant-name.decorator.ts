import { registerDecorator, ValidationOptions } from 'class-validator';
import { tenantNameViolation } from '../tenant-name.rule';

/** class-validator decorator for a tenant's display name; the message names the broken rule. */
export function IsTenantName(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isTenantName',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => tenantNameViolation(value) === null,
        defaultMessage: (args) => `${args?.property} ${tenantNameViolation(args?.value) ?? 'is invalid'}`,
      },
    });
  };
}
