import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { AssignmentReason } from '@wharf/events';

export type AssignmentOutcome =
  'assigned' | 'started' | 'completed' | 'failed' | 'released' | 'timed-out' | 'cancelled';

/** One attempt of one step run on one worker: the audit's unit. */
@Entity('dispatch_assignment')
@Index(['stepRunId', 'attempt'])
@Index(['workerId'])
export class AssignmentEntity {
  /** `<stepRunId>:<attempt>` */
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

  @Column('text')
  workerId: string;

  @Column('text')
  workerName: string;

  @Column('text')
  strategy: string;

  @Column('simple-json')
  candidates: string[];

  @Column('real')
  draw: number;

  /** Why the chosen worker qualified; null when the step had no affinity and was not sticky. */
  @Column('simple-json', { nullable: true })
  reason: AssignmentReason | null;

  @Column('text')
  outcome: AssignmentOutcome;

  @Column('text')
  assignedAt: string;

  @Column('text', { nullable: true })
  startedAt: string | null;

  @Column('text', { nullable: true })
  finishedAt: string | null;

  @Column('integer')
  seq: number;
}
