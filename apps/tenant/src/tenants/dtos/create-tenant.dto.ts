import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { TENANT_PURPOSES, TenantPurpose } from '@wharf/events';
import { IsWharfName } from '@wharf/service-kit';
import { IsTenantDescription } from './is-tenant-description.decorator';
import { IsTenantName } from './is-tenant-name.decorator';

export class CreateTenantDto {
  @ApiProperty({ description: 'Display name: 1 to 100 printable characters.', example: 'Acme Staging' })
  @IsTenantName()
  name: string;

  @ApiProperty({ enum: TENANT_PURPOSES })
  @IsIn(TENANT_PURPOSES, { message: `purpose must be one of ${TENANT_PURPOSES.join(', ')}` })
  purpose: TenantPurpose;

  @ApiPropertyOptional({
    description:
      'Tenant slug (lower-case letters, digits and "-", at most 63). When left out, one is generated from the name plus a random suffix.',
    example: 'acme-staging',
  })
  @IsOptional()
  @IsWharfName('tenant')
  slug?: string;

  @ApiPropertyOptional({
    description: 'Free text for people, at most 1000 characters; line breaks allowed.',
    example: 'Pre-production for the EU customers',
  })
  @IsOptional()
  @IsTenantDescription()
  description?: string;
}
