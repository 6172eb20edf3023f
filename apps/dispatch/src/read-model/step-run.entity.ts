import { JsonValue } from './json-value';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

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
  status: 'pending' | 'queued' | 'assigned' | 'started' | 'completed' | 'failed';

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
}
