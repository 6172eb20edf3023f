import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An administrative act, stored as the JSON `auditActOf` produced. */
@Entity('audit_act')
@Index(['tenant', 'at'])
export class AuditActEntity {
  @PrimaryColumn('text')
  tenant: string;

  @PrimaryColumn('integer')
  seq: number;

  @Column('text')
  namespace: string;

  @Column('text')
  type: string;

  @Column('text')
  actor: string;

  @Column('text')
  at: string;

  @Column('text')
  act: string;
}
