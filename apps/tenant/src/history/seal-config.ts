/** How the tenant service seals history (tamper evidence). */
export interface SealConfig {
  /** WHARF_SEALING=false: this instance appends no seals (another instance may). */
  enabled: boolean;
  /** How often every tenant with unsealed events gets a seal. */
  intervalMs: number;
  /** A tenant with this many unsealed events is sealed at once; the most events one seal lists. */
  maxEvents: number;
}

export const SEAL_VARIABLES = {
  enabled: 'WHARF_SEALING',
  intervalMs: 'WHARF_SEAL_INTERVAL_MS',
  maxEvents: 'WHARF_SEAL_MAX_EVENTS',
} as const;

export const DEFAULT_SEAL_CONFIG: Readonly<SealConfig> = { enabled: true, intervalMs: 5_000, maxEvents: 1_000 };

/**
 * One seal entry takes about 130 bytes of JSON: 5,000 keep a seal message well under NATS's
 * default max_payload of 1 MiB.
 */
const RANGES: Readonly<Record<'intervalMs' | 'maxEvents', [number, number]>> = {
  intervalMs: [10, 3_600_000],
  maxEvents: [1, 5_000],
};

/**
 * The seal settings in `env`, each defaulting when its variable is unset or empty. Throws an Error
 * naming the variable and what it accepts, so the service refuses to start with a bad value.
 */
export function sealConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SealConfig {
  const config = { ...DEFAULT_SEAL_CONFIG };
  const sealing = env[SEAL_VARIABLES.enabled]?.trim();
  if (sealing !== undefined && sealing !== '') {
    if (sealing !== 'true' && sealing !== 'false') {
      throw new Error(`${SEAL_VARIABLES.enabled} must be "true" or "false" (default true), not "${sealing}"`);
    }
    config.enabled = sealing === 'true';
  }
  for (const key of ['intervalMs', 'maxEvents'] as const) {
    const variable = SEAL_VARIABLES[key];
    const raw = env[variable]?.trim();
    if (raw === undefined || raw === '') continue;
    const [min, max] = RANGES[key];
    const value = /^[0-9]+$/.test(raw) ? Number(raw) : NaN;
    if (!(value >= min && value <= max)) {
      throw new Error(
        `${variable} must be a whole number from ${min} to ${max} (default ${DEFAULT_SEAL_CONFIG[key]}), not "${raw}"`,
      );
    }
    config[key] = value;
  }
  return config;
}
