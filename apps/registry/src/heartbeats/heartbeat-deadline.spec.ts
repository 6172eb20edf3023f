import { heartbeatOverdue } from './heartbeat-deadline';

const at = (iso: string) => new Date(`2024-05-01T12:00:${iso}Z`);
const timeoutMs = 15_000;

describe('heartbeat deadline', () => {
  it('is not overdue while the last heartbeat is within the timeout', () => {
    expect(heartbeatOverdue({ lastHeartbeatAt: at('20'), availableSince: at('00'), now: at('35'), timeoutMs })).toBe(
      false,
    );
  });

  it('is overdue once the last heartbeat is older than the timeout', () => {
    expect(heartbeatOverdue({ lastHeartbeatAt: at('20'), availableSince: at('00'), now: at('36'), timeoutMs })).toBe(
      true,
    );
  });

  it('measures a worker that never heartbeat from its registration', () => {
    expect(heartbeatOverdue({ lastHeartbeatAt: null, availableSince: at('00'), now: at('15'), timeoutMs })).toBe(false);
    expect(heartbeatOverdue({ lastHeartbeatAt: null, availableSince: at('00'), now: at('16'), timeoutMs })).toBe(true);
  });

  it('does not hold a heartbeat older than its return against a worker that came back', () => {
    expect(heartbeatOverdue({ lastHeartbeatAt: at('00'), availableSince: at('30'), now: at('40'), timeoutMs })).toBe(
      false,
    );
  });
});
