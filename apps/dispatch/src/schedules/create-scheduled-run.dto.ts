import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { IsWharfName, MaxJsonBytes, requestLimits } from '@wharf/service-kit';

const { maxPayloadBytes } = requestLimits();

export class CreateScheduledRunDto {
  @ApiProperty({ example: 'send-reminder' })
  @IsWharfName('workflow')
  workflow: string;

  @ApiProperty({ example: '2030-01-31T09:00:00+01:00', description: 'ISO date-time with a time zone' })
  @IsString()
  at: string;

  @ApiPropertyOptional({ description: 'the input of the run’s first step' })
  @IsOptional()
  @MaxJsonBytes(maxPayloadBytes)
  input?: unknown;
}
