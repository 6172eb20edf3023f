import { JsonValue } from './json-value';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type RunStatus = 'running' | 'completed' | 'failed' | 'cancelled';

@Entity('dispatch_run')
@Index(['tenant', 'namespace', 'startedSeq'])
export class RunEntity {
  @PrimaryColumn('text')
  runId: string;

  @Column('text')
  tenant: string;

  @Column('text')
  namespace: string;

  @Column('text')
  workflow: string;

  @Column('integer')
  workflowVersion: number;

  @Column('text')
  eventId: string;

  @Column('text')
  eventKey: string;

  @Column('text')
  status: RunStatus;

  @Column('simple-json')
  input: JsonValue;

  @Column('simple-json', { nullable: true })
  output: JsonValue;

  @Column('text', { nullable: true })
  error: string | null;

  @Column('text')
  startedAt: string;

  @Column('text', { nullable: true })
  finishedAt: string | null;

  /** Why the run was cancelled (`run.cancelled`); null unless cancelled. */
  @Column('text', { nullable: true })
  cancelReason: string | null;

  /** Who cancelled the run (the token id); null unless cancelled. */
  @Column('text', { nullable: true })
  cancelledBy: string | null;

  @Column('integer')
  startedSeq: number;

  @Column('integer')
  lastSeq: number;
}
