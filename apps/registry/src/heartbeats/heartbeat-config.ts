import { Inject } from '@nestjs/common';

/** How often workers must heartbeat, when silence makes them unavailable, how often that is checked. */
export interface HeartbeatConfig {
  /** Told to workers at registration: the interval they should heartbeat at. */
  intervalMs: number;
  /** A worker silent for longer than this becomes unavailable. */
  timeoutMs: number;
  /** How often each registry instance looks for silent workers. */
  sweepMs: number;
}

export const HEARTBEAT_CONFIG = Symbol('HEARTBEAT_CONFIG');
export const InjectHeartbeatConfig = (): ParameterDecorator => Inject(HEARTBEAT_CONFIG);

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive integer of milliseconds, not "${raw}"`);
  return value;
}

/**
 * WHARF_HEARTBEAT_INTERVAL_MS (default 4000), WHARF_HEARTBEAT_TIMEOUT_MS (default 15000),
 * WHARF_HEARTBEAT_SWEEP_MS (default 1000).
 */
export function heartbeatConfigFromEnv(env: NodeJS.ProcessEnv = process.env): HeartbeatConfig {
  const config = {
    intervalMs: positiveInt(env, 'WHARF_HEARTBEAT_INTERVAL_MS', 4_000),
    timeoutMs: positiveInt(env, 'WHARF_HEARTBEAT_TIMEOUT_MS', 15_000),
    sweepMs: positiveInt(env, 'WHARF_HEARTBEAT_SWEEP_MS', 1_000),
  };
  // A timeout no longer than the interval would declare healthy workers unavailable between beats.
  if (config.timeoutMs <= config.intervalMs) {
    throw new Error(
      `WHARF_HEARTBEAT_TIMEOUT_MS (${config.timeoutMs}) must be greater than WHARF_HEARTBEAT_INTERVAL_MS (${config.intervalMs})`,
    );
  }
  return config;
}
