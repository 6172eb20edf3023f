import { dispatchConfigFromEnv } from './dispatch-config';

describe('dispatch settings from the environment', () => {
  it('defaults: 3 reassignments, 5 minutes to be scheduled, 60 s to run, a tick every 250 ms', () => {
    expect(dispatchConfigFromEnv({})).toEqual({
      maxReassignments: 3,
      scheduleTimeoutMs: 300_000,
      executionTimeoutMs: 60_000,
      tickMs: 250,
    });
  });

  it('reads WHARF_SCHEDULE_TIMEOUT_MS, WHARF_EXECUTION_TIMEOUT_MS and WHARF_DISPATCH_TICK_MS', () => {
    expect(
      dispatchConfigFromEnv({
        WHARF_SCHEDULE_TIMEOUT_MS: '1000',
        WHARF_EXECUTION_TIMEOUT_MS: '2000',
        WHARF_DISPATCH_TICK_MS: '50',
      }),
    ).toMatchObject({ scheduleTimeoutMs: 1000, executionTimeoutMs: 2000, tickMs: 50 });
  });

  it.each([
    ['WHARF_SCHEDULE_TIMEOUT_MS', '0'],
    ['WHARF_EXECUTION_TIMEOUT_MS', '1.5'],
    ['WHARF_DISPATCH_TICK_MS', '5'],
    ['WHARF_MAX_REASSIGNMENTS', '-1'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    expect(() => dispatchConfigFromEnv({ [name]: value })).toThrow(new RegExp(`^${name} must be`));
  });
});
