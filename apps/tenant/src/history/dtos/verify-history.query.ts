import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

export class VerifyHistoryQuery {
  @ApiPropertyOptional({ description: 'a seal hash written down earlier: the chain must still contain it' })
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/, { message: 'anchor must be a seal hash: 64 lower-case hex characters' })
  anchor?: string;
}
