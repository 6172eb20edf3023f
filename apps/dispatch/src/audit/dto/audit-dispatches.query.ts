import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsWharfName } from '@wharf/service-kit';
import { AUDIT_OUTCOMES, AuditOutcome } from '../audit-line';
import { IsAuditCursor, IsKeyPattern } from './audit-query-rules';
import { AuditRangeQuery } from './audit-range.query';

export type AuditSource = 'read-model' | 'stream';

/** `GET /api/v1/audit/dispatches`: which events, in which form, from where. */
export class AuditDispatchesQuery extends AuditRangeQuery {
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

  @ApiPropertyOptional({ enum: ['read-model', 'stream'], description: 'stream: produced from the stream alone' })
  @IsOptional()
  @IsIn(['read-model', 'stream'])
  source?: AuditSource;

  @ApiPropertyOptional({ description: 'the `next` cursor of the previous page' })
  @IsOptional()
  @IsAuditCursor()
  after?: string;
}
