import { WorkflowStep } from '@wharf/events';

/** Creates a workflow, or replaces its definition with a new version. */
export interface PutWorkflow {
  type: 'put-workflow';
  name: string;
  eventKeys: string[];
  steps: WorkflowStep[];
}

export type WorkflowCommand = PutWorkflow;
