import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { MISSED_TICKS_POLICIES, MissedTicksPolicy } from '@wharf/events';
import { IsWharfName, MaxJsonBytes, requestLimits } from '@wharf/service-kit';

const { maxPayloadBytes } = requestLimits();

export class CreateCronDto {
  @ApiProperty({ example: 'nightly-report', description: 'the cron name rule of the event key' })
  @IsWharfName('cron')
  name: string;

  @ApiProperty({ example: '30 2 * * *', description: 'five fields: minute hour day-of-month month day-of-week' })
  @IsString()
  expression: string;

  @ApiPropertyOptional({ example: 'Europe/Berlin', description: 'IANA time zone; default UTC' })
  @IsOptional()
  @IsString()
  timezone?: string;

  @ApiProperty({ example: 'report:nightly', description: 'the event each tick pushes in the namespace' })
  @IsWharfName('eventKey')
  eventKey: string;

  @ApiPropertyOptional({ description: 'the payload of every pushed event' })
  @IsOptional()
  @MaxJsonBytes(maxPayloadBytes)
  payload?: unknown;

  @ApiPropertyOptional({
    enum: MISSED_TICKS_POLICIES,
    description: 'ticks missed while no dispatch instance ran: fire the latest once, or skip them (default)',
  })
  @IsOptional()
  @IsIn(MISSED_TICKS_POLICIES)
  missedTicks?: MissedTicksPolicy;
}
