import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TenantPurpose } from '@wharf/events';

/** The tenant service's read model of tenants, one row per `tenant.created`. */
@Entity('tenant')
export class TenantEntity {
  @PrimaryColumn('text')
  slug: string;

  @Column('text')
  name: string;

  @Column('text')
  purpose: TenantPurpose;

  /** `occurredAt` of the `tenant.created` event. */
  @Column('text')
  createdAt: string;

  /** Token id that created the tenant (the operator's). */
  @Column('text')
  createdBy: string;

  /** Stream sequence of the `tenant.created` event, for audits that cite the stream. */
  @Column('integer')
  seq: number;
}
