import { DomainEvent, WorkflowStep } from '@wharf/events';
import { WorkflowCommand } from './workflow.commands';

/** Version 0: the workflow was never put. Every put makes the next version. */
export interface WorkflowState {
  version: number;
}

export const initialWorkflowState: WorkflowState = { version: 0 };

export type WorkflowEvent = DomainEvent<'workflow.put'>;

/** A step as recorded: only the options it sets, so a step without options is recorded as before. */
function recordedStep({ name, action, strategy, affinity, sticky, timeouts, retry }: WorkflowStep): WorkflowStep {
  const step: WorkflowStep = { name, action };
  if (strategy !== undefined) step.strategy = strategy;
  if (affinity !== undefined) {
    step.affinity = {};
    if (affinity.required !== undefined) step.affinity.required = { ...affinity.required };
    if (affinity.weighted !== undefined) {
      step.affinity.weighted = affinity.weighted.map(({ key, value, weight }) => ({ key, value, weight }));
    }
  }
  if (sticky !== undefined) step.sticky = sticky;
  if (timeouts !== undefined) {
    step.timeouts = {};
    if (timeouts.scheduleMs !== undefined) step.timeouts.scheduleMs = timeouts.scheduleMs;
    if (timeouts.executionMs !== undefined) step.timeouts.executionMs = timeouts.executionMs;
  }
  if (retry !== undefined) {
    step.retry = { attempts: retry.attempts };
    if (retry.backoffMs !== undefined) step.retry.backoffMs = retry.backoffMs;
    if (retry.factor !== undefined) step.retry.factor = retry.factor;
    if (retry.maxDelayMs !== undefined) step.retry.maxDelayMs = retry.maxDelayMs;
  }
  return step;
}

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
            steps: command.steps.map(recordedStep),
            ...(command.strategy === undefined ? {} : { strategy: command.strategy }),
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
