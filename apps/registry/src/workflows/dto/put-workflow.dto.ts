import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
  ValidationArguments,
  ValidationOptions,
  registerDecorator,
} from 'class-validator';
import { AssignmentStrategy, StickyMode } from '@wharf/events';
import { IsWharfName, requestLimits } from '@wharf/service-kit';
import { IsWorkerLabels, MAX_LABEL_VALUE_LENGTH } from '../../workers/dto/worker-labels';

/** WHARF_MAX_EVENT_KEYS and WHARF_MAX_WORKER_LABELS, read once: decorators are evaluated when this module loads. */
const { maxEventKeys, maxWorkerLabels } = requestLimits();
export const MAX_STEPS = 100;
export const MAX_LABEL_WEIGHT = 1000;
export const STRATEGIES: readonly AssignmentStrategy[] = ['random', 'round-robin', 'least-loaded'];
export const STICKY_MODES: readonly StickyMode[] = ['soft', 'hard'];

const strategyRule = (field: string) => ({ message: `${field} must be one of: ${STRATEGIES.join(', ')}` });

export class WeightedLabelDto {
  @ApiProperty({ example: 'env', description: 'a label key (the name rules of label keys)' })
  @IsWharfName('labelKey')
  key: string;

  @ApiProperty({ example: 'local', minLength: 1, maxLength: MAX_LABEL_VALUE_LENGTH })
  @Length(1, MAX_LABEL_VALUE_LENGTH, { message: `value must be a string of 1 to ${MAX_LABEL_VALUE_LENGTH} characters` })
  @IsString({ message: `value must be a string of 1 to ${MAX_LABEL_VALUE_LENGTH} characters` })
  value: string;

  @ApiProperty({ example: 10, minimum: 1, maximum: MAX_LABEL_WEIGHT })
  @Max(MAX_LABEL_WEIGHT, { message: `weight must be at most ${MAX_LABEL_WEIGHT}` })
  @Min(1, { message: 'weight must be at least 1' })
  @IsInt({ message: 'weight must be an integer' })
  weight: number;
}

export class StepAffinityDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', minLength: 1, maxLength: MAX_LABEL_VALUE_LENGTH },
    maxProperties: maxWorkerLabels,
    example: { gpu: 'true' },
    description: 'labels a worker must carry, each with this value, to take the step',
  })
  @IsOptional()
  @IsWorkerLabels(maxWorkerLabels)
  required?: Record<string, string>;

  @ApiPropertyOptional({
    type: [WeightedLabelDto],
    maxItems: maxWorkerLabels,
    description: 'labels that rank the workers carrying them: the strategy chooses among the best-ranked',
  })
  @IsOptional()
  @Type(() => WeightedLabelDto)
  @ValidateNested({ each: true })
  @ArrayUnique((label: WeightedLabelDto | undefined) => `${label?.key}=${label?.value}`, {
    message: 'weighted must not weigh the same key and value twice',
  })
  @ArrayMaxSize(maxWorkerLabels, { message: `weighted must hold at most ${maxWorkerLabels} labels` })
  @IsArray({ message: 'weighted must be an array of {key, value, weight}' })
  weighted?: WeightedLabelDto[];
}

export const MAX_TIMEOUT_MS = 7 * 24 * 3_600_000;
export const MAX_RETRIES = 100;
export const MAX_BACKOFF_FACTOR = 10;

export class StepTimeoutsDto {
  @ApiPropertyOptional({ example: 300_000, description: 'how long the step may wait for a worker; default 300000' })
  @IsOptional()
  @Max(MAX_TIMEOUT_MS, { message: `scheduleMs must be at most ${MAX_TIMEOUT_MS} (7 days)` })
  @Min(1, { message: 'scheduleMs must be at least 1' })
  @IsInt({ message: 'scheduleMs must be a whole number of milliseconds' })
  scheduleMs?: number;

  @ApiPropertyOptional({ example: 60_000, description: 'how long an attempt may run; default 60000' })
  @IsOptional()
  @Max(MAX_TIMEOUT_MS, { message: `executionMs must be at most ${MAX_TIMEOUT_MS} (7 days)` })
  @Min(1, { message: 'executionMs must be at least 1' })
  @IsInt({ message: 'executionMs must be a whole number of milliseconds' })
  executionMs?: number;
}

export class StepRetryDto {
  @ApiProperty({ example: 3, minimum: 0, maximum: MAX_RETRIES, description: 'retries after the first attempt' })
  @Max(MAX_RETRIES, { message: `attempts must be at most ${MAX_RETRIES}` })
  @Min(0, { message: 'attempts must be at least 0' })
  @IsInt({ message: 'attempts must be a whole number' })
  attempts: number;

  @ApiPropertyOptional({ example: 1000, description: 'delay before the first retry; default 1000' })
  @IsOptional()
  @Max(MAX_TIMEOUT_MS, { message: `backoffMs must be at most ${MAX_TIMEOUT_MS} (7 days)` })
  @Min(0, { message: 'backoffMs must be at least 0' })
  @IsInt({ message: 'backoffMs must be a whole number of milliseconds' })
  backoffMs?: number;

  @ApiPropertyOptional({ example: 2, description: 'each retry waits factor times longer; default 2' })
  @IsOptional()
  @Max(MAX_BACKOFF_FACTOR, { message: `factor must be at most ${MAX_BACKOFF_FACTOR}` })
  @Min(1, { message: 'factor must be at least 1' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'factor must be a number' })
  factor?: number;

  @ApiPropertyOptional({ example: 300_000, description: 'the longest delay; default 300000' })
  @IsOptional()
  @Max(MAX_TIMEOUT_MS, { message: `maxDelayMs must be at most ${MAX_TIMEOUT_MS} (7 days)` })
  @Min(0, { message: 'maxDelayMs must be at least 0' })
  @IsInt({ message: 'maxDelayMs must be a whole number of milliseconds' })
  maxDelayMs?: number;
}

/** Sticky makes a step follow the worker of the first step: the first step itself cannot be sticky. */
function FirstStepNotSticky(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'firstStepNotSticky',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => !Array.isArray(value) || (value[0] as { sticky?: unknown })?.sticky === undefined,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property}.0.sticky must not be set: later steps stick to the worker of the first step`,
      },
    });
  };
}

export class WorkflowStepDto {
  @ApiProperty({ example: 'welcome', description: 'unique within the workflow' })
  @IsWharfName('step')
  name: string;

  @ApiProperty({ example: 'email:send', description: 'the action a worker must handle to run this step' })
  @IsWharfName('action')
  action: string;

  @ApiPropertyOptional({ enum: STRATEGIES, description: "how this step's worker is chosen; default: the workflow's" })
  @IsOptional()
  @IsIn(STRATEGIES, strategyRule('strategy'))
  strategy?: AssignmentStrategy;

  @ApiPropertyOptional({ type: StepAffinityDto })
  @IsOptional()
  @Type(() => StepAffinityDto)
  @ValidateNested()
  @IsObject({ message: 'affinity must be an object {required?, weighted?}' })
  affinity?: StepAffinityDto;

  @ApiPropertyOptional({
    enum: STICKY_MODES,
    description: 'steps after the first: prefer (soft) or require (hard) the worker that ran the first step',
  })
  @IsOptional()
  @IsIn(STICKY_MODES, { message: `sticky must be one of: ${STICKY_MODES.join(', ')}` })
  sticky?: StickyMode;

  @ApiPropertyOptional({ type: StepTimeoutsDto })
  @IsOptional()
  @Type(() => StepTimeoutsDto)
  @ValidateNested()
  @IsObject({ message: 'timeouts must be an object {scheduleMs?, executionMs?}' })
  timeouts?: StepTimeoutsDto;

  @ApiPropertyOptional({ type: StepRetryDto, description: 'retries of a failed or timed-out attempt; default none' })
  @IsOptional()
  @Type(() => StepRetryDto)
  @ValidateNested()
  @IsObject({ message: 'retry must be an object {attempts, backoffMs?, factor?, maxDelayMs?}' })
  retry?: StepRetryDto;
}

export class PutWorkflowDto {
  @ApiProperty({
    example: 'onboarding',
    description: 'lower-case letters, digits, ":", "_" and "-"; at most 128 characters',
  })
  @IsWharfName('workflow')
  name: string;

  @ApiProperty({
    type: [String],
    example: ['user:created'],
    minItems: 1,
    maxItems: maxEventKeys,
    uniqueItems: true,
    description: 'the event keys that start this workflow; at most WHARF_MAX_EVENT_KEYS',
  })
  // class-validator reports constraints bottom-up: the most basic one is last, so it is named first.
  @IsWharfName('eventKey', { each: true })
  @ArrayUnique({ message: 'eventKeys must not name the same event key twice' })
  @ArrayMaxSize(maxEventKeys, { message: `eventKeys must name at most ${maxEventKeys} event keys` })
  @ArrayMinSize(1, { message: 'eventKeys must name at least 1 event key' })
  @IsArray({ message: 'eventKeys must be an array of event keys' })
  eventKeys: string[];

  @ApiProperty({ type: [WorkflowStepDto], minItems: 1, maxItems: MAX_STEPS })
  @Type(() => WorkflowStepDto)
  @ValidateNested({ each: true })
  @ArrayUnique((step: WorkflowStepDto | undefined) => step?.name, {
    message: 'steps must not use the same step name twice',
  })
  @ArrayMaxSize(MAX_STEPS, { message: `steps must hold at most ${MAX_STEPS} steps` })
  @FirstStepNotSticky()
  @ArrayMinSize(1, { message: 'steps must hold at least 1 step' })
  @IsArray({ message: 'steps must be an array of {name, action}' })
  steps: WorkflowStepDto[];

  @ApiPropertyOptional({ enum: STRATEGIES, description: 'how the workers of steps that name none are chosen' })
  @IsOptional()
  @IsIn(STRATEGIES, strategyRule('strategy'))
  strategy?: AssignmentStrategy;
}
