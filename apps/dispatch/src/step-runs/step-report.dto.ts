import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { MaxJsonBytes, requestLimits } from '@wharf/service-kit';

/** A step's output is recorded whole in one event and becomes the next step's input: bounded like a payload. */
const { maxPayloadBytes } = requestLimits();

export class StepStartedDto {
  @ApiProperty({ description: 'the attempt the assignment carried' })
  @IsInt()
  @Min(1)
  attempt: number;
}

/** Hands back an unfinished attempt (the worker is stopping); the step is assigned again at once. */
export class StepReleasedDto extends StepStartedDto {}

export class StepCompletedDto extends StepStartedDto {
  @ApiPropertyOptional({
    description: `any JSON value, at most ${maxPayloadBytes} bytes as JSON; the next step receives it as input`,
  })
  @IsOptional()
  @MaxJsonBytes(maxPayloadBytes)
  output?: unknown;
}

export class StepFailedDto extends StepStartedDto {
  @ApiProperty()
  @IsString()
  @MaxLength(4096)
  error: string;

  @ApiPropertyOptional({
    description: 'false: the handler threw a non-retryable error; the step fails without its retries',
  })
  @IsOptional()
  @IsBoolean({ message: 'retryable must be a boolean' })
  retryable?: boolean;
}
