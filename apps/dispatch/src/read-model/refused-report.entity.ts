import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A report on an attempt that was no longer current, refused and recorded (`step.report-refused`). */
@Entity('dispatch_refused_report')
@Index(['stepRunId', 'attempt'])
@Index(['runId'])
export class RefusedReportEntity {
  /** The event id: one per (step run, attempt, outcome). */
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  stepRunId: string;

  @Column('text')
  runId: string;

  @Column('text')
  tenant: string;

  @Column('text')
  namespace: string;

  @Column('integer')
  attempt: number;

  @Column('integer')
  currentAttempt: number;

  @Column('text', { nullable: true })
  workerId: string | null;

  @Column('text')
  outcome: string;

  @Column('text')
  reason: string;

  @Column('text')
  actor: string;

  @Column('text')
  refusedAt: string;

  @Column('integer')
  seq: number;
}
