import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsWharfName } from '@wharf/service-kit';

export class ListRunsQuery {
  @IsOptional()
  @IsIn(['running', 'completed', 'failed', 'cancelled'])
  status?: 'running' | 'completed' | 'failed' | 'cancelled';

  @IsOptional()
  @IsWharfName('workflow')
  workflow?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
