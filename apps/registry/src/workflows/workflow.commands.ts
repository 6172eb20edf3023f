import { AssignmentStrategy, WorkflowStep } from '@wharf/events';

/** Creates a workflow, or replaces its definition with a new version. */
export interface PutWorkflow {
  type: 'put-workflow';
  name: string;
  eventKeys: string[];
  steps: WorkflowStep[];
  strategy?: AssignmentStrategy;
}

export type WorkflowCommand = PutWorkflow;
