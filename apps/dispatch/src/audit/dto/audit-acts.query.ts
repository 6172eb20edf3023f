import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { IsActor, IsActType } from './audit-query-rules';
import { AuditRangeQuery } from './audit-range.query';

/** `GET /api/v1/audit/acts`: administrative acts with their actor (tenant-wide acts have no namespace). */
export class AuditActsQuery extends AuditRangeQuery {
  @ApiPropertyOptional({ description: 'an event type (token.created) or a family (token.*)' })
  @IsOptional()
  @IsActType()
  type?: string;

  @ApiPropertyOptional({ description: 'a token id, or system' })
  @IsOptional()
  @IsActor()
  actor?: string;

  @ApiPropertyOptional({ description: 'the `next` cursor of the previous page (a stream sequence)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;
}
