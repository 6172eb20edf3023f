import { ApiProperty } from '@nestjs/swagger';
import { TENANT_PURPOSES, TenantPurpose } from '@wharf/events';
import { TenantEntity } from '../tenant.entity';

/** A tenant as the HTTP API shows it. */
export class TenantView {
  @ApiProperty({ example: 'acme-staging-4f7k' })
  slug: string;

  @ApiProperty({ example: 'Acme Staging' })
  name: string;

  @ApiProperty({ enum: TENANT_PURPOSES })
  purpose: TenantPurpose;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  static of(tenant: Pick<TenantEntity, 'slug' | 'name' | 'purpose' | 'createdAt'>): TenantView {
    return Object.assign(new TenantView(), {
      slug: tenant.slug,
      name: tenant.name,
      purpose: tenant.purpose,
      createdAt: tenant.createdAt,
    });
  }
}
