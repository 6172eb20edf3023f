import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, ValidateNested } from 'class-validator';
import { IsWharfName, requestLimits } from '@wharf/service-kit';

/** WHARF_MAX_EVENT_KEYS, read once: decorators are evaluated when this module loads. */
const { maxEventKeys } = requestLimits();
export const MAX_STEPS = 100;

export class WorkflowStepDto {
  @ApiProperty({ example: 'welcome', description: 'unique within the workflow' })
  @IsWharfName('step')
  name: string;

  @ApiProperty({ example: 'email:send', description: 'the action a worker must handle to run this step' })
  @IsWharfName('action')
  action: string;
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
  @ArrayMinSize(1, { message: 'steps must hold at least 1 step' })
  @IsArray({ message: 'steps must be an array of {name, action}' })
  steps: WorkflowStepDto[];
}
