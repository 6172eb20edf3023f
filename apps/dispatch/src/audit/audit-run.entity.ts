import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A run of an audited event, for the workflow and outcome filters. */
@Entity('audit_run')
@Index(['tenant', 'workflow'])
export class AuditRunEntity {
  @PrimaryColumn('text')
  tenant: string;

  @PrimaryColumn('integer')
  eventSeq: number;

  @PrimaryColumn('text')
  runId: string;

  @Column('text')
  workflow: string;

  /** running | completed | failed | cancelled */
  @Column('text')
  outcome: string;
}
