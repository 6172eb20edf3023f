import { registerDecorator, ValidationOptions } from 'class-validator';
import { nameRuleViolation } from '@wharf/names';

export const MAX_LABEL_VALUE_LENGTH = 128;

/**
 * The broken rule of a worker's labels as a sentence, or null when they are valid: an object of at
 * most `maxLabels` entries whose keys follow the label key name rule and whose values are 1 to 128
 * characters.
 */
export function labelsViolation(value: unknown, maxLabels: number): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'must be an object mapping label keys to string values';
  }
  const entries = Object.entries(value);
  if (entries.length > maxLabels) return `must have at most ${maxLabels} entries`;
  for (const [key, labelValue] of entries) {
    const keyViolation = nameRuleViolation('labelKey', key);
    if (keyViolation !== null) return `key "${key}" ${keyViolation}`;
    if (typeof labelValue !== 'string' || labelValue.length === 0 || labelValue.length > MAX_LABEL_VALUE_LENGTH) {
      return `value of "${key}" must be a string of 1 to ${MAX_LABEL_VALUE_LENGTH} characters`;
    }
  }
  return null;
}

/** class-validator decorator for worker labels, backed by labelsViolation. */
export function IsWorkerLabels(maxLabels: number, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isWorkerLabels',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => labelsViolation(value, maxLabels) === null,
        defaultMessage: (args) => `${args?.property} ${labelsViolation(args?.value, maxLabels) ?? 'are invalid'}`,
      },
    });
  };
}
