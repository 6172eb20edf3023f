import { join } from 'node:path';
import { sqliteDriverFromEnv, SqliteDriver } from '@wharf/projections';
import { RequestLimits, requestLimitsFromEnv } from './request-limits';

export type ServiceName = 'tenant' | 'registry' | 'dispatch';

export const DEFAULT_PORTS: Readonly<Record<ServiceName | 'edge', number>> = {
  edge: 8080,
  tenant: 8081,
  registry: 8082,
  dispatch: 8083,
};

export interface ServiceConfig {
  service: ServiceName;
  host: string;
  port: number;
  dataDir: string;
  sqliteFile: string;
  sqliteDriver: SqliteDriver;
  /** Distinguishes several instances of one service, each with its own read model and consumer. */
  instance: string;
  limits: RequestLimits;
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, not "${raw}"`);
  return value;
}

export function serviceConfigFromEnv(service: ServiceName, env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const dataDir = env.WHARF_DATA_DIR ?? join(process.cwd(), '.wharf');
  const instance = env.WHARF_INSTANCE ?? 'main';
  const portVariable = `WHARF_${service.toUpperCase()}_PORT`;
  return {
    service,
    host: env.WHARF_HOST ?? '127.0.0.1',
    port: intFromEnv(env, portVariable, DEFAULT_PORTS[service]),
    dataDir,
    sqliteFile: join(dataDir, instance === 'main' ? `${service}.sqlite` : `${service}-${instance}.sqlite`),
    sqliteDriver: sqliteDriverFromEnv(env),
    instance,
    limits: requestLimitsFromEnv(env),
  };
}
