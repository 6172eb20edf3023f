import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsOptional,
  Validate,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { isoDateTimeInstant, nameRuleViolation } from '@wharf/names';
import { IsWharfName } from '@wharf/service-kit';

export const MAX_NAMESPACE_MAP_ENTRIES = 100;
const KEY_PATTERN = /^[a-z0-9:_*-]{1,128}$/;

@ValidatorConstraint({ name: 'notTheSource' })
class NotTheSource implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    return value !== (args.object as StartReplayDto).from;
  }
  defaultMessage(): string {
    return 'must differ from "from": a replay copies one tenant into another';
  }
}

@ValidatorConstraint({ name: 'namespaceMap' })
class NamespaceMapRule implements ValidatorConstraintInterface {
  private reason = '';

  validate(value: unknown, args: ValidationArguments): boolean {
    this.reason = '';
    if ((args.object as StartReplayDto).namespace !== undefined) {
      this.reason = 'cannot be given together with "namespace": choose one';
      return false;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.reason = 'must be an object of source namespace to target namespace';
      return false;
    }
    const entries = Object.entries(value);
    if (entries.length === 0 || entries.length > MAX_NAMESPACE_MAP_ENTRIES) {
      this.reason = `must map 1 to ${MAX_NAMESPACE_MAP_ENTRIES} namespaces`;
      return false;
    }
    const targets = new Set<string>();
    for (const [from, to] of entries) {
      const bad = nameRuleViolation('namespace', from) ?? nameRuleViolation('namespace', to);
      if (bad !== null) {
        this.reason = `"${from}" → ${JSON.stringify(to)}: namespace ${bad}`;
        return false;
      }
      if (targets.has(to as string)) {
        this.reason = `maps two namespaces onto "${String(to)}": each target namespace takes one source namespace`;
        return false;
      }
      targets.add(to as string);
    }
    return true;
  }

  defaultMessage(): string {
    return this.reason;
  }
}

@ValidatorConstraint({ name: 'isoDateTime' })
class IsoDateTimeRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isoDateTimeInstant(value) !== null;
  }
  defaultMessage(): string {
    return 'must be an ISO 8601 date-time with a time zone, e.g. 2030-01-31T12:00:00Z';
  }
}

@ValidatorConstraint({ name: 'afterSince' })
class AfterSince implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const since = (args.object as StartReplayDto).since;
    if (since === undefined || typeof value !== 'string') return true;
    const a = isoDateTimeInstant(since);
    const b = isoDateTimeInstant(value);
    return a === null || b === null || b > a;
  }
  defaultMessage(): string {
    return 'must be later than "since"';
  }
}

@ValidatorConstraint({ name: 'keyPattern' })
class KeyPatternRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && KEY_PATTERN.test(value) && /^[a-z0-9*]/.test(value);
  }
  defaultMessage(): string {
    return 'must be an event key pattern of 1-128 characters: lower-case letters a-z, digits 0-9, ":", "_", "-", and "*" for any run of characters (e.g. "user:*")';
  }
}

/** `POST /api/v1/replays`: which tenant's events go where, and what is selected. */
export class StartReplayDto {
  @ApiProperty({ example: 'acme-prod', description: 'the source tenant (only read)' })
  @IsWharfName('tenant')
  from: string;

  @ApiProperty({ example: 'acme-replay', description: 'the target tenant' })
  @IsWharfName('tenant')
  @Validate(NotTheSource)
  to: string;

  @ApiPropertyOptional({ description: 'create the target tenant if it does not exist (operator token only)' })
  @IsOptional()
  @IsBoolean()
  create?: boolean;

  @ApiPropertyOptional({ description: 'replay only this namespace (not with namespaceMap)' })
  @IsOptional()
  @IsWharfName('namespace')
  namespace?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { default: 'staging' },
    description: 'source namespace → target namespace; only the namespaces named are replayed (not with namespace)',
  })
  @IsOptional()
  @Validate(NamespaceMapRule)
  namespaceMap?: Record<string, string>;

  @ApiPropertyOptional({ description: 'only events that occurred at or after this ISO date-time' })
  @IsOptional()
  @Validate(IsoDateTimeRule)
  since?: string;

  @ApiPropertyOptional({ description: 'only events that occurred before this ISO date-time' })
  @IsOptional()
  @Validate(IsoDateTimeRule)
  @Validate(AfterSince)
  until?: string;

  @ApiPropertyOptional({ example: 'user:*', description: 'event key pattern; "*" matches any run of characters' })
  @IsOptional()
  @Validate(KeyPatternRule)
  key?: string;

  @ApiPropertyOptional({ description: "copy the source's current workflow definitions first" })
  @IsOptional()
  @IsBoolean()
  withWorkflows?: boolean;

  @ApiPropertyOptional({ description: 'count what would be replayed and write nothing' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}
