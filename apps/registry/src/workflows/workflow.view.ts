import { AssignmentStrategy, WorkflowStep } from '@wharf/events';
import { WorkflowEntity } from './workflow.entity';

/** A workflow as the HTTP API shows it. */
export interface WorkflowView {
  name: string;
  namespace: string;
  version: number;
  eventKeys: string[];
  steps: WorkflowStep[];
  /** Present when the workflow names one; absent means `random`. */
  strategy?: AssignmentStrategy;
  createdAt: string;
  updatedAt: string;
}

export function toWorkflowView(row: WorkflowEntity): WorkflowView {
  return {
    name: row.name,
    namespace: row.namespace,
    version: row.version,
    eventKeys: row.eventKeys,
    steps: row.steps,
    ...(row.strategy === null ? {} : { strategy: row.strategy }),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
