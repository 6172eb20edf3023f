/**
 * Whether a worker has been silent for longer than the timeout. Its heartbeats are due from the
 * moment it became available (registration, or coming back), so a worker that never heartbeat is
 * measured from then, and a heartbeat older than its return does not count against it.
 */
export function heartbeatOverdue(input: {
  lastHeartbeatAt: Date | null;
  availableSince: Date;
  now: Date;
  timeoutMs: number;
}): boolean {
  const lastSign = Math.max(input.lastHeartbeatAt?.getTime() ?? 0, input.availableSince.getTime());
  return input.now.getTime() - lastSign > input.timeoutMs;
}
