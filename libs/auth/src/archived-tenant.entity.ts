import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Tenants whose tokens are all refused: one row per `tenant.archived`. */
@Entity('auth_archived_tenant')
export class ArchivedTenantEntity {
  @PrimaryColumn('text')
  slug: string;

  @Column('text')
  archivedAt: string;
}
