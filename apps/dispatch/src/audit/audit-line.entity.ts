import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One audit line, stored as the JSON the mapper produced; the key is its place in report order. */
@Entity('audit_line')
export class AuditLineEntity {
  @PrimaryColumn('text')
  tenant: string;

  @PrimaryColumn('integer')
  eventSeq: number;

  @PrimaryColumn('integer')
  seq: number;

  /** Position among the lines read from the same stream event. */
  @PrimaryColumn('integer')
  idx: number;

  @Column('text', { nullable: true })
  runId: string | null;

  @Column('text')
  line: string;
}
