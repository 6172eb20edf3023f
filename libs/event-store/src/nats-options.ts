import { readFileSync } from 'node:fs';
import { ConnectionOptions, credsAuthenticator, nkeyAuthenticator } from 'nats';

export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

/**
 * Connection options from the environment. Every credential NATS supports can be given; none is
 * ever logged.
 *
 * WHARF_NATS_URL (comma-separated servers), WHARF_NATS_USER + WHARF_NATS_PASSWORD,
 * WHARF_NATS_TOKEN, WHARF_NATS_NKEY_SEED_FILE, WHARF_NATS_CREDS_FILE, WHARF_NATS_TLS_CA_FILE,
 * WHARF_NATS_TLS_CERT_FILE + WHARF_NATS_TLS_KEY_FILE.
 */
export function natsOptionsFromEnv(env: NodeJS.ProcessEnv, name: string): ConnectionOptions {
  const options: ConnectionOptions = {
    servers: (env.WHARF_NATS_URL ?? DEFAULT_NATS_URL).split(',').map((s) => s.trim()),
    name,
    maxReconnectAttempts: -1,
    // Capturing a stack trace for every request costs more than the request on the hot path.
    noAsyncTraces: true,
    reconnectTimeWait: 250,
  };
  if (env.WHARF_NATS_USER) {
    options.user = env.WHARF_NATS_USER;
    options.pass = env.WHARF_NATS_PASSWORD ?? '';
  }
  if (env.WHARF_NATS_TOKEN) options.token = env.WHARF_NATS_TOKEN;
  if (env.WHARF_NATS_CREDS_FILE) {
    options.authenticator = credsAuthenticator(readFileSync(env.WHARF_NATS_CREDS_FILE));
  } else if (env.WHARF_NATS_NKEY_SEED_FILE) {
    const seed = readFileSync(env.WHARF_NATS_NKEY_SEED_FILE, 'utf8').trim();
    options.authenticator = nkeyAuthenticator(new TextEncoder().encode(seed));
  }
  if (env.WHARF_NATS_TLS_CA_FILE || env.WHARF_NATS_TLS_CERT_FILE) {
    options.tls = {
      caFile: env.WHARF_NATS_TLS_CA_FILE,
      certFile: env.WHARF_NATS_TLS_CERT_FILE,
      keyFile: env.WHARF_NATS_TLS_KEY_FILE,
    };
  }
  return options;
}
