import { DomainEvent } from '@wharf/events';
import { WorkflowCommand } from './workflow.commands';

/** Version 0: the workflow was never put. Every put makes the next version. */
export interface WorkflowState {
  version: number;
}

export const initialWorkflowState: WorkflowState = { version: 0 };

export type WorkflowEvent = DomainEvent<'workflow.put'>;

export function decideWorkflow(command: WorkflowCommand, state: WorkflowState): WorkflowEvent[] {
  switch (command.type) {
    case 'put-workflow':
      return [
        {
          type: 'workflow.put',
          payload: {
            name: command.name,
            version: state.version + 1,
            eventKeys: command.eventKeys,
            steps: command.steps.map(({ name, action }) => ({ name, action })),
          },
        },
      ];
  }
}

export function evolveWorkflow(state: WorkflowState, event: WorkflowEvent): WorkflowState {
  switch (event.type) {
    case 'workflow.put':
      return { version: event.payload.version };
    default:
      return state;
  }
}
