import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The audit mapper's memory of open work (see AuditMemory), kept with the lines it explains. */
@Entity('audit_memory')
export class AuditMemoryEntity {
  @PrimaryColumn('text')
  key: string;

  @Column('text')
  value: string;
}
