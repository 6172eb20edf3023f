import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** What the event filters test of one event's lines: its namespace, time and key (from its first line). */
@Entity('audit_group')
@Index(['tenant', 'at'])
@Index(['tenant', 'namespace', 'eventSeq'])
export class AuditGroupEntity {
  @PrimaryColumn('text')
  tenant: string;

  @PrimaryColumn('integer')
  eventSeq: number;

  @Column('text')
  namespace: string;

  @Column('text')
  at: string;

  @Column('text', { nullable: true })
  eventKey: string | null;

  /** 1 when no workflow matched the event. */
  @Column('integer')
  unmatched: number;
}
