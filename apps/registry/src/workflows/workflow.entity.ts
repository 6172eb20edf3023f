import { Column, Entity, PrimaryColumn } from 'typeorm';
import { AssignmentStrategy, WorkflowStep } from '@wharf/events';

/** The registry's read model of workflows: the current version of each, per tenant and namespace. */
@Entity('registry_workflow')
export class WorkflowEntity {
  @PrimaryColumn('text')
  tenant: string;

  @PrimaryColumn('text')
  namespace: string;

  @PrimaryColumn('text')
  name: string;

  @Column('integer')
  version: number;

  @Column('simple-json')
  eventKeys: string[];

  @Column('simple-json')
  steps: WorkflowStep[];

  /** The workflow-level strategy; null when the put named none (`random`). */
  @Column('text', { nullable: true })
  strategy: AssignmentStrategy | null;

  @Column('text')
  createdAt: string;

  @Column('text')
  updatedAt: string;

  /** Stream sequence of the workflow's last event: the expected sequence of its next put. */
  @Column('integer')
  lastSeq: number;
}
