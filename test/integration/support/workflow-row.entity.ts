import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The current version of a workflow, one row per tenant, namespace and name. */
@Entity('test_workflow')
export class WorkflowRowEntity {
  @PrimaryColumn('text')
  tenant: string;

  @PrimaryColumn('text')
  namespace: string;

  @PrimaryColumn('text')
  name: string;

  @Column('integer')
  version: number;

  /** JSON array of event keys. */
  @Column('text')
  eventKeys: string;

  /** JSON array of `{name, action}`. */
  @Column('text')
  steps: string;

  @Column('text')
  updatedAt: string;
}
