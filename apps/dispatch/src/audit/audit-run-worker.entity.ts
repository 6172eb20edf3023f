import { Entity, Index, PrimaryColumn } from 'typeorm';

/** A worker (by id, and again by name) that got an assignment of a run: the worker filter. */
@Entity('audit_run_worker')
@Index(['tenant', 'worker'])
export class AuditRunWorkerEntity {
  @PrimaryColumn('text')
  tenant: string;

  @PrimaryColumn('integer')
  eventSeq: number;

  @PrimaryColumn('text')
  runId: string;

  @PrimaryColumn('text')
  worker: string;
}
