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

  @ApiProperty({ type: String, nullable: true, example: 'Pre-production for the EU customers' })
  description: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ description: 'An archived tenant refuses all its tokens; only the operator can still read it.' })
  archived: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  archivedAt: string | null;

  static of(
    tenant: Pick<TenantEntity, 'slug' | 'name' | 'purpose' | 'description' | 'createdAt' | 'archived' | 'archivedAt'>,
  ): TenantView {
    return Object.assign(new TenantView(), {
      slug: tenant.slug,
      name: tenant.name,
      purpose: tenant.purpose,
      description: tenant.description ?? null,
      createdAt: tenant.createdAt,
      archived: Boolean(tenant.archived),
      archivedAt: tenant.archivedAt ?? null,
    });
  }
}
