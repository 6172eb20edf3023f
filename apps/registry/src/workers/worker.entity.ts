import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { WorkerStatus } from './worker.decider';

/** The registry's read model of workers, one row per worker aggregate. */
@Entity('registry_worker')
@Index(['tenant', 'namespace'])
@Index(['status'])
export class WorkerEntity {
  @PrimaryColumn('text')
  workerId: string;

  @Column('text')
  tenant: string;

  @Column('text')
  namespace: string;

  @Column('text')
  name: string;

  @Column('simple-json')
  actions: string[];

  @Column('integer')
  maxRuns: number;

  @Column('simple-json')
  labels: Record<string, string>;

  @Column('text')
  status: WorkerStatus;

  @Column('text')
  registeredAt: string;

  /** When the worker last became available (registered or came back): heartbeats are due from then on. */
  @Column('text')
  availableSince: string;

  /** Stream sequence of the worker's last event: the expected sequence of its next append. */
  @Column('integer')
  lastSeq: number;
}
