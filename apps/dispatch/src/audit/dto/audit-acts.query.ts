import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsWharfName } from '@wharf/service-kit';
import { AUDIT_FORMATS, AuditFormat } from './audit-dispatches.query';
import { IsActor, IsActType, IsIsoDateTime } from './audit-query-rules';

/** `GET /api/v1/audit/acts`: administrative acts with their actor. */
export class AuditActsQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsIsoDateTime()
  since?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsIsoDateTime()
  until?: string;

  @ApiPropertyOptional({ description: 'an event type (token.created) or a family (token.*)' })
  @IsOptional()
  @IsActType()
  type?: string;

  @ApiPropertyOptional({ description: 'a token id, or system' })
  @IsOptional()
  @IsActor()
  actor?: string;

  @ApiPropertyOptional({
    description: 'only acts in this namespace (`_` is not one: tenant-wide acts have no namespace filter)',
  })
  @IsOptional()
  @IsWharfName('namespace')
  namespace?: string;

  @ApiPropertyOptional({ enum: AUDIT_FORMATS })
  @IsOptional()
  @IsIn(AUDIT_FORMATS)
  format?: AuditFormat;

  @ApiPropertyOptional({ description: 'acts per page (json), 1-5000, default 500' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;

  @ApiPropertyOptional({ description: 'the `next` cursor of the previous page (a stream sequence)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;
}
