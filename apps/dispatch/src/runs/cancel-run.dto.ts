import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class CancelRunDto {
  @ApiPropertyOptional({ example: 'wrong input', maxLength: 1024, description: 'recorded in `run.cancelled`' })
  @IsOptional()
  @MaxLength(1024, { message: 'reason must be at most 1024 characters' })
  @IsString({ message: 'reason must be a string' })
  reason?: string;
}
