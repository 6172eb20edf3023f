import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { IsWharfName, MaxJsonBytes, requestLimits } from '@wharf/service-kit';

/** WHARF_MAX_PAYLOAD_BYTES: the payload is stored whole in the event's one NATS message. */
const { maxPayloadBytes } = requestLimits();

export const MAX_METADATA_ENTRIES = 32;
export const MAX_METADATA_VALUE_LENGTH = 512;

@ValidatorConstraint({ name: 'metadata' })
class MetadataRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const entries = Object.entries(value);
    return (
      entries.length <= MAX_METADATA_ENTRIES &&
      entries.every(
        ([k, v]) => k.length > 0 && k.length <= 128 && typeof v === 'string' && v.length <= MAX_METADATA_VALUE_LENGTH,
      )
    );
  }

  defaultMessage(): string {
    return `metadata must be an object of at most ${MAX_METADATA_ENTRIES} string values (keys 1-128, values at most ${MAX_METADATA_VALUE_LENGTH} characters)`;
  }
}

export class PushEventDto {
  @ApiProperty({ example: 'user:created' })
  @IsWharfName('eventKey')
  key: string;

  @ApiPropertyOptional({
    description: `any JSON value, handed to the first step of every triggered run; at most ${maxPayloadBytes} bytes as JSON (WHARF_MAX_PAYLOAD_BYTES), else 413`,
  })
  @IsOptional()
  @MaxJsonBytes(maxPayloadBytes)
  payload?: unknown;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsObject()
  @Validate(MetadataRule)
  metadata?: Record<string, string>;
}
