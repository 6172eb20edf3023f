import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsTenantDescription } from './is-tenant-description.decorator';
import { IsTenantName } from './is-tenant-name.decorator';

/** What PATCH may change; the slug and the purpose are fixed for the tenant's life. */
export class UpdateTenantDto {
  @ApiPropertyOptional({ description: 'New display name: 1 to 100 printable characters.', example: 'Acme Staging EU' })
  @IsOptional()
  @IsTenantName()
  name?: string;

  @ApiPropertyOptional({
    description: 'New description, at most 1000 characters; an empty string removes it.',
    example: 'Pre-production for the EU customers',
  })
  @IsOptional()
  @IsTenantDescription()
  description?: string;
}
