import { readFileSync } from 'node:fs';
import {
  Authenticator,
  connect,
  ConnectionOptions,
  credsAuthenticator,
  NatsConnection,
  nkeyAuthenticator,
  TlsOptions,
} from 'nats';

export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

/** The variables that carry a NATS's credentials and TLS settings (README, "NATS security"). */
export const NATS_SECURITY_VARIABLES = [
  'WHARF_NATS_USER',
  'WHARF_NATS_PASSWORD',
  'WHARF_NATS_TOKEN',
  'WHARF_NATS_NKEY_SEED_FILE',
  'WHARF_NATS_CREDS_FILE',
  'WHARF_NATS_TLS_CA_FILE',
  'WHARF_NATS_TLS_CERT_FILE',
  'WHARF_NATS_TLS_KEY_FILE',
] as const;

const CREDENTIAL_CHOICES =
  'WHARF_NATS_USER and WHARF_NATS_PASSWORD, or WHARF_NATS_TOKEN, or WHARF_NATS_NKEY_SEED_FILE, or WHARF_NATS_CREDS_FILE';
const TLS_VARIABLES = 'WHARF_NATS_TLS_CA_FILE, WHARF_NATS_TLS_CERT_FILE and WHARF_NATS_TLS_KEY_FILE';

/**
 * NATS settings that cannot work, or a NATS that refused the connection. The message says what
 * is wrong and which variables to set; it never holds a password, a token or a seed.
 */
export class NatsConnectionError extends Error {
  constructor(
    message: string,
    /** The NATS client's or TLS layer's error code, when there was one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'NatsConnectionError';
  }
}

/** A variable's value; an empty one counts as unset, so `WHARF_NATS_TOKEN=` in a shell turns it off. */
function setting(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

function serversFromEnv(env: NodeJS.ProcessEnv): string[] {
  const servers = (setting(env, 'WHARF_NATS_URL') ?? DEFAULT_NATS_URL)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (servers.length === 0) {
    throw new NatsConnectionError('WHARF_NATS_URL names no server: set it to nats://host:port (comma-separated)');
  }
  return servers;
}

/** The servers of WHARF_NATS_URL as they may be printed: a user and password in a URL are removed. */
export function natsServersForDisplay(env: NodeJS.ProcessEnv): string {
  const raw = setting(env, 'WHARF_NATS_URL') ?? DEFAULT_NATS_URL;
  return raw.replace(/\/\/[^/@,]*@/g, '//');
}

function readSettingFile(env: NodeJS.ProcessEnv, variable: string): Buffer {
  const file = env[variable] as string;
  try {
    return readFileSync(file);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new NatsConnectionError(`${variable} names ${file}, which cannot be read (${reason})`);
  }
}

/** Runs the authenticator once so a malformed file fails at start-up, naming its variable. */
function checkedAuthenticator(
  env: NodeJS.ProcessEnv,
  variable: string,
  authenticator: Authenticator,
  what: string,
): Authenticator {
  try {
    authenticator('wharf-check');
  } catch {
    throw new NatsConnectionError(`${variable} names ${env[variable]}, which does not hold ${what}`);
  }
  return authenticator;
}

/** How the environment authenticates, for messages: which variables are in use, never their values. */
function credentialsInUse(env: NodeJS.ProcessEnv): string[] {
  const used: string[] = [];
  if (setting(env, 'WHARF_NATS_USER') !== undefined || setting(env, 'WHARF_NATS_PASSWORD') !== undefined)
    used.push('WHARF_NATS_USER/WHARF_NATS_PASSWORD');
  if (setting(env, 'WHARF_NATS_TOKEN') !== undefined) used.push('WHARF_NATS_TOKEN');
  if (setting(env, 'WHARF_NATS_NKEY_SEED_FILE') !== undefined) used.push('WHARF_NATS_NKEY_SEED_FILE');
  if (setting(env, 'WHARF_NATS_CREDS_FILE') !== undefined) used.push('WHARF_NATS_CREDS_FILE');
  return used;
}

function authenticationFromEnv(env: NodeJS.ProcessEnv, options: ConnectionOptions): void {
  const used = credentialsInUse(env);
  if (used.length > 1) {
    throw new NatsConnectionError(`${used.join(' and ')} are all set: set only one way to authenticate to NATS`);
  }
  const user = setting(env, 'WHARF_NATS_USER');
  const password = setting(env, 'WHARF_NATS_PASSWORD');
  if (user !== undefined || password !== undefined) {
    if (user === undefined)
      throw new NatsConnectionError('WHARF_NATS_PASSWORD is set without WHARF_NATS_USER: set both');
    if (password === undefined)
      throw new NatsConnectionError('WHARF_NATS_USER is set without WHARF_NATS_PASSWORD: set both');
    options.user = user;
    options.pass = password;
  }
  const token = setting(env, 'WHARF_NATS_TOKEN');
  if (token !== undefined) options.token = token;
  if (setting(env, 'WHARF_NATS_NKEY_SEED_FILE') !== undefined) {
    const seed = readSettingFile(env, 'WHARF_NATS_NKEY_SEED_FILE').toString('utf8').trim();
    options.authenticator = checkedAuthenticator(
      env,
      'WHARF_NATS_NKEY_SEED_FILE',
      nkeyAuthenticator(new TextEncoder().encode(seed)),
      'an nkey seed (a line starting with "SU")',
    );
  }
  if (setting(env, 'WHARF_NATS_CREDS_FILE') !== undefined) {
    options.authenticator = checkedAuthenticator(
      env,
      'WHARF_NATS_CREDS_FILE',
      credsAuthenticator(readSettingFile(env, 'WHARF_NATS_CREDS_FILE')),
      'NATS credentials (a user JWT and an nkey seed, as `nsc` writes them)',
    );
  }
}

function tlsFromEnv(env: NodeJS.ProcessEnv, servers: string[]): TlsOptions | undefined {
  const caFile = setting(env, 'WHARF_NATS_TLS_CA_FILE');
  const certFile = setting(env, 'WHARF_NATS_TLS_CERT_FILE');
  const keyFile = setting(env, 'WHARF_NATS_TLS_KEY_FILE');
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new NatsConnectionError(
      certFile === undefined
        ? 'WHARF_NATS_TLS_KEY_FILE is set without WHARF_NATS_TLS_CERT_FILE: a client certificate needs both'
        : 'WHARF_NATS_TLS_CERT_FILE is set without WHARF_NATS_TLS_KEY_FILE: a client certificate needs both',
    );
  }
  // Read once to fail early with the variable's name; the client is given the paths and reads them
  // again on every reconnection, so renewed certificates are picked up without a restart.
  if (caFile !== undefined) readSettingFile(env, 'WHARF_NATS_TLS_CA_FILE');
  if (certFile !== undefined) readSettingFile(env, 'WHARF_NATS_TLS_CERT_FILE');
  if (keyFile !== undefined) readSettingFile(env, 'WHARF_NATS_TLS_KEY_FILE');
  const tls: TlsOptions = {};
  if (caFile !== undefined) tls.caFile = caFile;
  if (certFile !== undefined) tls.certFile = certFile;
  if (keyFile !== undefined) tls.keyFile = keyFile;
  // The client would otherwise connect in plain text to a tls:// URL whose server offers TLS only optionally.
  const tlsUrl = servers.some((s) => s.toLowerCase().startsWith('tls://'));
  return Object.keys(tls).length > 0 || tlsUrl ? tls : undefined;
}

/**
 * Connection options from the environment. Every credential NATS supports can be given; none is
 * ever logged. Settings that cannot work (a password without a user, two ways to authenticate, a
 * file that cannot be read) throw a NatsConnectionError naming the variable.
 *
 * WHARF_NATS_URL (comma-separated servers; `tls://` requires TLS), WHARF_NATS_USER +
 * WHARF_NATS_PASSWORD, WHARF_NATS_TOKEN, WHARF_NATS_NKEY_SEED_FILE, WHARF_NATS_CREDS_FILE,
 * WHARF_NATS_TLS_CA_FILE, WHARF_NATS_TLS_CERT_FILE + WHARF_NATS_TLS_KEY_FILE.
 */
export function natsOptionsFromEnv(env: NodeJS.ProcessEnv, name: string): ConnectionOptions {
  const servers = serversFromEnv(env);
  const options: ConnectionOptions = {
    servers,
    name,
    maxReconnectAttempts: -1,
    // Capturing a stack trace for every request costs more than the request on the hot path.
    noAsyncTraces: true,
    reconnectTimeWait: 250,
  };
  authenticationFromEnv(env, options);
  const tls = tlsFromEnv(env, servers);
  if (tls !== undefined) options.tls = tls;
  return options;
}

const AUTHENTICATION_CODES = new Set(['AUTHORIZATION_VIOLATION', 'AUTHENTICATION_EXPIRED', 'AUTHENTICATION_TIMEOUT']);
/** Node's codes for a server certificate that the trusted CAs do not vouch for. */
const UNTRUSTED_CERTIFICATE_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
]);
const UNREACHABLE_CODES = new Set(['CONNECTION_REFUSED', 'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT']);

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function errorMessage(err: unknown): string {
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message !== '' ? message : String(err);
}

function withoutSecrets(text: string, env: NodeJS.ProcessEnv): string {
  let clean = text.replace(/\/\/[^/@,\s]*@/g, '//');
  for (const variable of ['WHARF_NATS_PASSWORD', 'WHARF_NATS_TOKEN']) {
    const secret = setting(env, variable);
    if (secret !== undefined) clean = clean.split(secret).join(`<${variable}>`);
  }
  return clean;
}

/**
 * What to tell a person whose connection to NATS failed: what NATS or TLS answered, and which
 * variables to set. Never contains a password, a token or a seed.
 */
export function describeNatsConnectFailure(err: unknown, env: NodeJS.ProcessEnv): string {
  const where = `NATS at ${natsServersForDisplay(env)}`;
  const code = errorCode(err);
  const answer = errorMessage(err).replace(/^'(.*)'$/, '$1');
  const used = credentialsInUse(env);
  let message: string;
  if (code !== undefined && AUTHENTICATION_CODES.has(code)) {
    const tried =
      used.length === 0 ? 'no credentials were given' : `the credentials in ${used.join(', ')} were refused`;
    message =
      `${where} refused the connection (${answer}): ${tried}. ` +
      `Set ${CREDENTIAL_CHOICES} to credentials this NATS accepts`;
  } else if (code !== undefined && UNTRUSTED_CERTIFICATE_CODES.has(code)) {
    const ca = setting(env, 'WHARF_NATS_TLS_CA_FILE');
    const trusted =
      ca === undefined
        ? 'no CA was given, so only the system CAs are trusted'
        : `the CA in WHARF_NATS_TLS_CA_FILE (${ca}) did not sign it`;
    message =
      `the TLS certificate of ${where} is not trusted (${answer}): ${trusted}. ` +
      'Set WHARF_NATS_TLS_CA_FILE to the CA certificate (PEM) that signed the server certificate';
  } else if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    message =
      `the TLS certificate of ${where} is not for that host (${answer}): ` +
      'set WHARF_NATS_URL to a host name or address the certificate names';
  } else if (code === 'SERVER_OPT_NA' && answer === 'tls') {
    const asking = ['WHARF_NATS_TLS_CA_FILE', 'WHARF_NATS_TLS_CERT_FILE', 'WHARF_NATS_TLS_KEY_FILE'].filter(
      (name) => setting(env, name) !== undefined,
    );
    if (/tls:\/\//i.test(env.WHARF_NATS_URL ?? '')) asking.push('the tls:// URL in WHARF_NATS_URL');
    message =
      `${where} does not offer TLS, but ${asking.join(' and ')} ask${asking.length === 1 ? 's' : ''} for it: ` +
      'unset that, or set WHARF_NATS_URL to a NATS that serves TLS';
  } else if (/certificate required/i.test(answer) || code === 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED') {
    message =
      `${where} requires a client certificate (${answer}): ` +
      'set WHARF_NATS_TLS_CERT_FILE and WHARF_NATS_TLS_KEY_FILE to one signed by a CA it trusts';
  } else if (code === 'TLS' || (code !== undefined && code.startsWith('ERR_SSL'))) {
    message = `TLS with ${where} failed (${answer}): check ${TLS_VARIABLES}`;
  } else if (code !== undefined && UNREACHABLE_CODES.has(code)) {
    message = `cannot reach ${where} (${answer}): is it running? Set WHARF_NATS_URL to the NATS to use`;
  } else {
    message =
      `cannot connect to ${where} (${answer}): check WHARF_NATS_URL and, if this NATS requires them, ` +
      `its credentials (${CREDENTIAL_CHOICES}) and TLS (${TLS_VARIABLES})`;
  }
  return withoutSecrets(message, env);
}

/**
 * Connects with the settings of `natsOptionsFromEnv`. Anything that stops the connection (bad
 * settings, refused credentials, an untrusted certificate, no server) rejects with a
 * NatsConnectionError saying what to set.
 */
export async function connectNats(env: NodeJS.ProcessEnv, name: string): Promise<NatsConnection> {
  const options = natsOptionsFromEnv(env, name);
  try {
    return await connect(options);
  } catch (err) {
    throw new NatsConnectionError(describeNatsConnectFailure(err, env), errorCode(err));
  }
}
