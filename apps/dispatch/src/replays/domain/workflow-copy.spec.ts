import { workflowCopy } from './workflow-copy';

const source = {
  name: 'welcome',
  eventKeys: ['user:created'],
  steps: [{ name: 'send', action: 'email:send', retry: { attempts: 3, backoffMs: 100 } }],
};

describe('copying a workflow into the target', () => {
  it('puts version 1 when the target has none', () => {
    expect(workflowCopy(source, null)).toEqual({ ...source, version: 1 });
  });

  it('puts the version after the target’s last one when the definitions differ', () => {
    const target = {
      name: 'welcome',
      version: 4,
      eventKeys: ['user:created'],
      steps: [{ name: 'send', action: 'sms:send' }],
    };
    expect(workflowCopy(source, target)).toEqual({ ...source, version: 5 });
  });

  it('puts nothing when the target’s current definition is the same (key order aside)', () => {
    const target = {
      version: 2,
      steps: [{ action: 'email:send', retry: { backoffMs: 100, attempts: 3 }, name: 'send' }],
      eventKeys: ['user:created'],
      name: 'welcome',
    };
    expect(workflowCopy(source, target)).toBeNull();
  });

  it('copies the workflow strategy and tells a changed strategy apart', () => {
    const withStrategy = { ...source, strategy: 'round-robin' as const };
    expect(workflowCopy(withStrategy, null)).toEqual({ ...withStrategy, version: 1 });
    expect(workflowCopy(withStrategy, { ...source, version: 1 })).toEqual({ ...withStrategy, version: 2 });
  });
});
