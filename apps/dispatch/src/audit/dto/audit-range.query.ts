import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsWharfName } from '@wharf/service-kit';
import { IsIsoDateTime } from './audit-query-rules';

export type AuditFormat = 'json' | 'ndjson' | 'csv';
export const AUDIT_FORMATS: readonly AuditFormat[] = ['json', 'ndjson', 'csv'];

/** What every audit listing takes: a time range, a namespace, a form and a page size. */
export class AuditRangeQuery {
  @ApiPropertyOptional({ description: 'at or after this ISO date-time' })
  @IsOptional()
  @IsIsoDateTime()
  since?: string;

  @ApiPropertyOptional({ description: 'before this ISO date-time' })
  @IsOptional()
  @IsIsoDateTime()
  until?: string;

  @ApiPropertyOptional({ description: 'only this namespace (a namespace-bound token: its own only)' })
  @IsOptional()
  @IsWharfName('namespace')
  namespace?: string;

  @ApiPropertyOptional({
    enum: AUDIT_FORMATS,
    description: 'json: one page; ndjson, csv: the whole selection, streamed',
  })
  @IsOptional()
  @IsIn(AUDIT_FORMATS)
  format?: AuditFormat;

  @ApiPropertyOptional({ description: 'per page (json), 1-5000, default 500' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;
}
