import { registerDecorator } from 'class-validator';
import { isoDateTimeInstant } from '@wharf/names';
import { parseCursor } from '../audit-cursor';
import { keyPatternViolation } from '../audit-filters';

/** A class-validator rule from a function returning the broken rule as a sentence, or null. */
function rule(name: string, violation: (value: unknown) => string | null): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => violation(value) === null,
        defaultMessage: (args) => `${args?.property} ${violation(args?.value) ?? 'is invalid'}`,
      },
    });
  };
}

export const IsIsoDateTime = (): PropertyDecorator =>
  rule('isIsoDateTime', (value) =>
    typeof value === 'string' && isoDateTimeInstant(value) !== null
      ? null
      : 'must be an ISO 8601 date-time with a time zone, such as 2030-01-31T09:00:00Z',
  );

export const IsKeyPattern = (): PropertyDecorator =>
  rule('isKeyPattern', (value) => (typeof value === 'string' ? keyPatternViolation(value) : 'must be a string'));

export const IsAuditCursor = (): PropertyDecorator =>
  rule('isAuditCursor', (value) =>
    typeof value === 'string' && parseCursor(value) !== null
      ? null
      : 'must be the `next` cursor of the previous page (eventSeq.seq.index)',
  );

const ACT_TYPE = /^[a-z][a-z-]*(\.[a-z][a-z-]*|\.\*)$/;

export const IsActType = (): PropertyDecorator =>
  rule('isActType', (value) =>
    typeof value === 'string' && value.length <= 64 && ACT_TYPE.test(value)
      ? null
      : 'must be an event type such as token.created, or a family such as token.*',
  );

const ACTOR = /^[a-z0-9][a-z0-9_-]{0,127}$/i;

export const IsActor = (): PropertyDecorator =>
  rule('isActor', (value) =>
    typeof value === 'string' && ACTOR.test(value) ? null : 'must be a token id or "system"',
  );

/** The instant of a validated ISO date-time as `toISOString()`, the form every recorded time has. */
export function isoInstant(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return new Date(isoDateTimeInstant(value) as number).toISOString();
}
