import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsWharfName, requestLimits } from '@wharf/service-kit';
import { IsWorkerLabels, MAX_LABEL_VALUE_LENGTH } from './worker-labels';

/** WHARF_MAX_WORKER_LABELS, read once: decorators are evaluated when this module loads. */
const { maxWorkerLabels } = requestLimits();

export const MAX_ACTIONS = 100;
export const MAX_RUNS_LIMIT = 1_000;
export const DEFAULT_MAX_RUNS = 1;

export class RegisterWorkerDto {
  @ApiProperty({
    example: 'mailer-1',
    description: 'lower-case letters, digits, ":", "_" and "-"; at most 128 characters',
  })
  @IsWharfName('worker')
  name: string;

  @ApiProperty({ type: [String], example: ['email:send'], minItems: 1, maxItems: MAX_ACTIONS, uniqueItems: true })
  // class-validator reports constraints bottom-up: the most basic one is last, so it is named first.
  @IsWharfName('action', { each: true })
  @ArrayUnique({ message: 'actions must not name the same action twice' })
  @ArrayMaxSize(MAX_ACTIONS, { message: `actions must name at most ${MAX_ACTIONS} actions` })
  @ArrayMinSize(1, { message: 'actions must name at least 1 action' })
  @IsArray({ message: 'actions must be an array of action names' })
  actions: string[];

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_RUNS_LIMIT,
    default: DEFAULT_MAX_RUNS,
    description: 'steps run at once',
  })
  @IsOptional()
  @Max(MAX_RUNS_LIMIT, { message: `maxRuns must be at most ${MAX_RUNS_LIMIT}` })
  @Min(1, { message: 'maxRuns must be at least 1' })
  @IsInt({ message: 'maxRuns must be an integer' })
  maxRuns?: number;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', minLength: 1, maxLength: MAX_LABEL_VALUE_LENGTH },
    maxProperties: maxWorkerLabels,
    example: { region: 'eu-west' },
    description: 'label keys follow the name rules; at most WHARF_MAX_WORKER_LABELS labels',
  })
  @IsOptional()
  @IsWorkerLabels(maxWorkerLabels)
  labels?: Record<string, string>;
}
