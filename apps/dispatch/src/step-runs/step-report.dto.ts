import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';

export class StepStartedDto {
  @ApiProperty({ description: 'the attempt the assignment carried' })
  @IsInt()
  @Min(1)
  attempt: number;
}

export class StepCompletedDto extends StepStartedDto {
  @ApiPropertyOptional({ description: 'any JSON value; the next step receives it as input' })
  @IsOptional()
  output?: unknown;
}

export class StepFailedDto extends StepStartedDto {
  @ApiProperty()
  @IsString()
  @MaxLength(4096)
  error: string;
}
