import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A registered worker as the test read model keeps it: one row per worker, its status kept current. */
@Entity('test_worker')
export class WorkerRowEntity {
  @PrimaryColumn('text')
  workerId: string;

  @Column('text')
  tenant: string;

  @Column('text')
  namespace: string;

  @Column('text')
  name: string;

  /** JSON array of action names. */
  @Column('text')
  actions: string;

  @Column('integer')
  maxRuns: number;

  /** JSON object of labels. */
  @Column('text')
  labels: string;

  @Column('text')
  status: 'available' | 'unavailable' | 'deregistered';

  @Column('text')
  registeredAt: string;

  @Column('text', { nullable: true })
  lastHeartbeatAt: string | null;

  @Column('integer')
  changedSeq: number;
}
