import { JsonValue } from './json-value';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export interface StepTimeoutRow {
  attempt: number;
  phase: 'schedule' | 'execution';
  workerId: string | null;
  afterMs: number;
  at: string;
}

export interface StepRetryRow {
  /** The attempt that failed. */
  attempt: number;
  reason: 'failed' | 'execution-timeout';
  delayMs: number;
  retryAt: string;
  at: string;
}

@Entity('dispatch_step_run')
@Index(['runId', 'position'])
export class StepRunEntity {
  @PrimaryColumn('text')
  stepRunId: string;

  @Column('text')
  runId: string;

  @Column('text')
  tenant: string;

  @Column('text')
  namespace: string;

  @Column('integer')
  position: number;

  @Column('text')
  step: string;

  @Column('text')
  action: string;

  @Column('text')
  status: 'pending' | 'queued' | 'assigned' | 'started' | 'completed' | 'failed' | 'retrying' | 'cancelled';

  @Column('integer')
  attempt: number;

  @Column('text', { nullable: true })
  workerId: string | null;

  @Column('simple-json', { nullable: true })
  output: JsonValue;

  @Column('text', { nullable: true })
  error: string | null;

  @Column('text', { nullable: true })
  queuedAt: string | null;

  /** When a `retrying` step's next attempt is due; null otherwise. */
  @Column('text', { nullable: true })
  retryAt: string | null;

  /** Every `step.timed-out` of the step: `{attempt, phase, workerId, afterMs, at}`. */
  @Column('simple-json', { nullable: true })
  timeouts: StepTimeoutRow[] | null;

  /** Every `step.retry-scheduled` of the step: `{attempt, reason, delayMs, retryAt, at}`. */
  @Column('simple-json', { nullable: true })
  retries: StepRetryRow[] | null;
}
