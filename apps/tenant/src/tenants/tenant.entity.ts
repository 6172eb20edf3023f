import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TenantPurpose } from '@wharf/events';

/** The tenant service's read model of tenants: one row per tenant, following its events. */
@Entity('tenant')
export class TenantEntity {
  @PrimaryColumn('text')
  slug: string;

  @Column('text')
  name: string;

  @Column('text')
  purpose: TenantPurpose;

  /** Null when the tenant has none. */
  @Column('text', { nullable: true })
  description: string | null;

  /** `occurredAt` of the `tenant.created` event. */
  @Column('text')
  createdAt: string;

  /** Token id that created the tenant (the operator's). */
  @Column('text')
  createdBy: string;

  @Column('boolean', { default: false })
  archived: boolean;

  /** `occurredAt` of the `tenant.archived` event; null while the tenant is active. */
  @Column('text', { nullable: true })
  archivedAt: string | null;

  /** Stream sequence of the `tenant.created` event, for audits that cite the stream. */
  @Column('integer')
  seq: number;
}
