import { WorkflowCommand } from './workflow.commands';
import { decideWorkflow, evolveWorkflow, initialWorkflowState, WorkflowEvent } from './workflow.decider';

/** given(past events).when(command) → the events decided. */
function given(past: WorkflowEvent[]) {
  return {
    when: (command: WorkflowCommand) => decideWorkflow(command, past.reduce(evolveWorkflow, initialWorkflowState)),
  };
}

const onboarding: WorkflowCommand = {
  type: 'put-workflow',
  name: 'onboarding',
  eventKeys: ['user:created'],
  steps: [
    { name: 'welcome', action: 'email:send' },
    { name: 'crm', action: 'crm:sync' },
  ],
};

const putVersion = (version: number, command: WorkflowCommand = onboarding): WorkflowEvent => ({
  type: 'workflow.put',
  payload: { name: command.name, version, eventKeys: command.eventKeys, steps: command.steps },
});

describe('workflow decider', () => {
  it('puts a new workflow as version 1', () => {
    expect(given([]).when(onboarding)).toEqual([putVersion(1)]);
  });

  it('puts a changed definition as the next version', () => {
    const changed: WorkflowCommand = { ...onboarding, eventKeys: ['user:created', 'user:invited'] };
    expect(given([putVersion(1), putVersion(2)]).when(changed)).toEqual([putVersion(3, changed)]);
  });

  it('puts the same definition again as a new version (every put is an upsert)', () => {
    expect(given([putVersion(1)]).when(onboarding)).toEqual([putVersion(2)]);
  });

  it('keeps the steps in the order given', () => {
    const [event] = given([]).when(onboarding);
    expect(event.payload.steps.map((s) => s.name)).toEqual(['welcome', 'crm']);
  });
});

describe('workflow decider: assignment options', () => {
  it('records the strategy, affinities and sticky options of the put, and nothing else', () => {
    const withOptions: WorkflowCommand = {
      ...onboarding,
      strategy: 'round-robin',
      steps: [
        {
          name: 'welcome',
          action: 'email:send',
          strategy: 'least-loaded',
          affinity: { required: { gpu: 'true' }, weighted: [{ key: 'env', value: 'local', weight: 10 }] },
        },
        { name: 'crm', action: 'crm:sync', sticky: 'soft' },
      ],
    };
    const smuggled = { ...withOptions.steps[1], extra: 'dropped' } as WorkflowCommand['steps'][number];
    const [event] = given([]).when({ ...withOptions, steps: [withOptions.steps[0], smuggled] });
    expect(event.payload).toStrictEqual({
      name: 'onboarding',
      version: 1,
      eventKeys: ['user:created'],
      strategy: 'round-robin',
      steps: [
        {
          name: 'welcome',
          action: 'email:send',
          strategy: 'least-loaded',
          affinity: { required: { gpu: 'true' }, weighted: [{ key: 'env', value: 'local', weight: 10 }] },
        },
        { name: 'crm', action: 'crm:sync', sticky: 'soft' },
      ],
    });
  });

  it('records a put without options exactly as before: no strategy, steps of name and action', () => {
    const [event] = given([]).when(onboarding);
    expect(event.payload).toStrictEqual({
      name: 'onboarding',
      version: 1,
      eventKeys: ['user:created'],
      steps: [
        { name: 'welcome', action: 'email:send' },
        { name: 'crm', action: 'crm:sync' },
      ],
    });
  });
});
