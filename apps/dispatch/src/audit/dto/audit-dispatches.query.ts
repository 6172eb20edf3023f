import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsWharfName } from '@wharf/service-kit';
import { AUDIT_OUTCOMES, AuditOutcome } from '../audit-line';
import { IsAuditCursor, IsIsoDateTime, IsKeyPattern } from './audit-query-rules';

export type AuditFormat = 'json' | 'ndjson' | 'csv';
export const AUDIT_FORMATS: readonly AuditFormat[] = ['json', 'ndjson', 'csv'];
export type AuditSource = 'read-model' | 'stream';

/** `GET /api/v1/audit/dispatches`: which events, in which form, from where. */
export class AuditDispatchesQuery {
  @ApiPropertyOptional({ description: 'events pushed at or after this ISO date-time' })
  @IsOptional()
  @IsIsoDateTime()
  since?: string;

  @ApiPropertyOptional({ description: 'events pushed before this ISO date-time' })
  @IsOptional()
  @IsIsoDateTime()
  until?: string;

  @ApiPropertyOptional({ description: 'only this namespace (a namespace-bound token: its own only)' })
  @IsOptional()
  @IsWharfName('namespace')
  namespace?: string;

  @ApiPropertyOptional({ description: 'event key, exact or with `*` wildcards (`user:*`)' })
  @IsOptional()
  @IsKeyPattern()
  key?: string;

  @ApiPropertyOptional({ description: 'only runs of this workflow' })
  @IsOptional()
  @IsWharfName('workflow')
  workflow?: string;

  @ApiPropertyOptional({ description: 'only runs with an assignment to this worker (id or name)' })
  @IsOptional()
  @IsWharfName('worker')
  worker?: string;

  @ApiPropertyOptional({ enum: AUDIT_OUTCOMES })
  @IsOptional()
  @IsIn(AUDIT_OUTCOMES)
  outcome?: AuditOutcome;

  @ApiPropertyOptional({
    enum: AUDIT_FORMATS,
    description: 'json: one page; ndjson, csv: the whole selection, streamed',
  })
  @IsOptional()
  @IsIn(AUDIT_FORMATS)
  format?: AuditFormat;

  @ApiPropertyOptional({ enum: ['read-model', 'stream'], description: 'stream: produced from the stream alone' })
  @IsOptional()
  @IsIn(['read-model', 'stream'])
  source?: AuditSource;

  @ApiPropertyOptional({ description: 'lines per page (json), 1-5000, default 500' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;

  @ApiPropertyOptional({ description: 'the `next` cursor of the previous page' })
  @IsOptional()
  @IsAuditCursor()
  after?: string;
}
