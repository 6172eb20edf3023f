import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Authenticator, NatsError, nkeys } from 'nats';
import {
  DEFAULT_NATS_URL,
  describeNatsConnectFailure,
  natsOptionsFromEnv,
  NatsConnectionError,
  natsServersForDisplay,
} from './nats-options';

const PASSWORD = 's3cret-Pa55';
const TOKEN = 'tok-9f8e7d';

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('natsOptionsFromEnv', () => {
  let dir: string;
  const seed = new TextDecoder().decode(nkeys.createUser().getSeed());

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wharf-nats-options-'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function file(name: string, content: string): string {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  }

  it('connects to the local default without credentials or TLS when nothing is set', () => {
    const options = natsOptionsFromEnv({}, 'wharf-test');
    expect(options).toMatchObject({ servers: [DEFAULT_NATS_URL], name: 'wharf-test', maxReconnectAttempts: -1 });
    expect(options.user).toBeUndefined();
    expect(options.token).toBeUndefined();
    expect(options.authenticator).toBeUndefined();
    expect(options.tls).toBeUndefined();
  });

  it('reads comma-separated servers, ignoring blanks', () => {
    const options = natsOptionsFromEnv({ WHARF_NATS_URL: 'nats://a:4222, nats://b:4222,' }, 'x');
    expect(options.servers).toEqual(['nats://a:4222', 'nats://b:4222']);
  });

  it('rejects a WHARF_NATS_URL that names no server', () => {
    expect(() => natsOptionsFromEnv({ WHARF_NATS_URL: ' , ' }, 'x')).toThrow('WHARF_NATS_URL names no server');
  });

  it('passes a user and password', () => {
    const options = natsOptionsFromEnv({ WHARF_NATS_USER: 'wharf', WHARF_NATS_PASSWORD: PASSWORD }, 'x');
    expect(options).toMatchObject({ user: 'wharf', pass: PASSWORD });
  });

  it.each([
    [
      'a password without a user',
      { WHARF_NATS_PASSWORD: PASSWORD },
      'WHARF_NATS_PASSWORD is set without WHARF_NATS_USER',
    ],
    ['a user without a password', { WHARF_NATS_USER: 'wharf' }, 'WHARF_NATS_USER is set without WHARF_NATS_PASSWORD'],
  ])('refuses %s, naming both variables and never the password', (_case, env, message) => {
    const err = thrown(() => natsOptionsFromEnv(env, 'x'));
    expect(err).toBeInstanceOf(NatsConnectionError);
    expect(err.message).toContain(message);
    expect(err.message).not.toContain(PASSWORD);
  });

  it('passes a token', () => {
    expect(natsOptionsFromEnv({ WHARF_NATS_TOKEN: TOKEN }, 'x').token).toBe(TOKEN);
  });

  it('treats an empty variable as unset', () => {
    const options = natsOptionsFromEnv({ WHARF_NATS_URL: '', WHARF_NATS_TOKEN: '', WHARF_NATS_TLS_CA_FILE: '' }, 'x');
    expect(options.servers).toEqual([DEFAULT_NATS_URL]);
    expect(options.token).toBeUndefined();
    expect(options.tls).toBeUndefined();
  });

  it('refuses two ways to authenticate at once, naming them', () => {
    const err = thrown(() =>
      natsOptionsFromEnv({ WHARF_NATS_USER: 'u', WHARF_NATS_PASSWORD: PASSWORD, WHARF_NATS_TOKEN: TOKEN }, 'x'),
    );
    expect(err.message).toBe(
      'WHARF_NATS_USER/WHARF_NATS_PASSWORD and WHARF_NATS_TOKEN are all set: set only one way to authenticate to NATS',
    );
    expect(err.message).not.toContain(TOKEN);
  });

  it('signs the server nonce with the nkey seed of WHARF_NATS_NKEY_SEED_FILE', () => {
    const seedFile = file('user.nk', `${seed}\n`);
    const options = natsOptionsFromEnv({ WHARF_NATS_NKEY_SEED_FILE: seedFile }, 'x');
    const auth = (options.authenticator as Authenticator)('nonce') as { nkey: string; sig: string };
    expect(auth.nkey).toBe(nkeys.fromSeed(new TextEncoder().encode(seed)).getPublicKey());
    expect(auth.sig).not.toBe('');
  });

  it('authenticates with the JWT and seed of WHARF_NATS_CREDS_FILE', () => {
    const credsFile = file(
      'user.creds',
      [
        '-----BEGIN NATS USER JWT-----',
        'eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.e30.c2ln',
        '------END NATS USER JWT------',
        '',
        '-----BEGIN USER NKEY SEED-----',
        seed,
        '------END USER NKEY SEED------',
        '',
      ].join('\n'),
    );
    const options = natsOptionsFromEnv({ WHARF_NATS_CREDS_FILE: credsFile }, 'x');
    const auth = (options.authenticator as Authenticator)('nonce') as { jwt: string; nkey: string };
    expect(auth.jwt).toBe('eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.e30.c2ln');
    expect(auth.nkey).toMatch(/^U/);
  });

  it.each([
    ['WHARF_NATS_NKEY_SEED_FILE', 'not-a-seed', 'does not hold an nkey seed'],
    ['WHARF_NATS_CREDS_FILE', 'not-credentials', 'does not hold NATS credentials'],
  ])('refuses a %s that holds something else, without printing it', (variable, content, message) => {
    const path = file(`bad-${variable}`, content);
    const err = thrown(() => natsOptionsFromEnv({ [variable]: path }, 'x'));
    expect(err.message).toContain(`${variable} names ${path}, which ${message}`);
    expect(err.message).not.toContain(content);
  });

  it.each(['WHARF_NATS_NKEY_SEED_FILE', 'WHARF_NATS_CREDS_FILE', 'WHARF_NATS_TLS_CA_FILE'])(
    'names %s when its file cannot be read',
    (variable) => {
      const missing = join(dir, 'missing.pem');
      expect(() => natsOptionsFromEnv({ [variable]: missing }, 'x')).toThrow(
        `${variable} names ${missing}, which cannot be read (ENOENT)`,
      );
    },
  );

  it('trusts the CA of WHARF_NATS_TLS_CA_FILE and presents the client certificate and key', () => {
    const ca = file('ca.pem', 'CA');
    const cert = file('client.pem', 'CERT');
    const key = file('client-key.pem', 'KEY');
    const options = natsOptionsFromEnv(
      { WHARF_NATS_TLS_CA_FILE: ca, WHARF_NATS_TLS_CERT_FILE: cert, WHARF_NATS_TLS_KEY_FILE: key },
      'x',
    );
    expect(options.tls).toEqual({ caFile: ca, certFile: cert, keyFile: key });
  });

  it.each([
    ['WHARF_NATS_TLS_CERT_FILE', 'WHARF_NATS_TLS_CERT_FILE is set without WHARF_NATS_TLS_KEY_FILE'],
    ['WHARF_NATS_TLS_KEY_FILE', 'WHARF_NATS_TLS_KEY_FILE is set without WHARF_NATS_TLS_CERT_FILE'],
  ])('refuses %s alone', (variable, message) => {
    expect(() => natsOptionsFromEnv({ [variable]: file('half.pem', 'PEM') }, 'x')).toThrow(message);
  });

  it('requires TLS for a tls:// server even without a CA file (the system CAs are trusted)', () => {
    expect(natsOptionsFromEnv({ WHARF_NATS_URL: 'tls://nats.example:4222' }, 'x').tls).toEqual({});
  });
});

describe('describeNatsConnectFailure', () => {
  const url = 'nats://127.0.0.1:4333';
  const authorizationViolation = new NatsError("'Authorization Violation'", 'AUTHORIZATION_VIOLATION');

  it('given no credentials, when NATS refuses the connection, then it names the variables to set', () => {
    expect(describeNatsConnectFailure(authorizationViolation, { WHARF_NATS_URL: url })).toBe(
      'NATS at nats://127.0.0.1:4333 refused the connection (Authorization Violation): no credentials were given. ' +
        'Set WHARF_NATS_USER and WHARF_NATS_PASSWORD, or WHARF_NATS_TOKEN, or WHARF_NATS_NKEY_SEED_FILE, or ' +
        'WHARF_NATS_CREDS_FILE to credentials this NATS accepts',
    );
  });

  it('given a wrong password, when NATS refuses it, then it says which variables were refused and never the password', () => {
    const message = describeNatsConnectFailure(authorizationViolation, {
      WHARF_NATS_URL: url,
      WHARF_NATS_USER: 'wharf',
      WHARF_NATS_PASSWORD: PASSWORD,
    });
    expect(message).toContain('the credentials in WHARF_NATS_USER/WHARF_NATS_PASSWORD were refused');
    expect(message).not.toContain(PASSWORD);
  });

  it('never prints a secret, even one the error itself carried', () => {
    const message = describeNatsConnectFailure(new Error(`bad token ${TOKEN} for nats://u:${PASSWORD}@h:4222`), {
      WHARF_NATS_URL: `nats://u:${PASSWORD}@h:4222`,
      WHARF_NATS_TOKEN: TOKEN,
    });
    expect(message).not.toContain(TOKEN);
    expect(message).not.toContain(PASSWORD);
    expect(message).toContain('NATS at nats://h:4222');
  });

  it('given no CA, when the server certificate is not trusted, then it names WHARF_NATS_TLS_CA_FILE', () => {
    const err = Object.assign(new Error('unable to verify the first certificate'), {
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    });
    expect(describeNatsConnectFailure(err, { WHARF_NATS_URL: url })).toBe(
      'the TLS certificate of NATS at nats://127.0.0.1:4333 is not trusted (unable to verify the first certificate): ' +
        'no CA was given, so only the system CAs are trusted. ' +
        'Set WHARF_NATS_TLS_CA_FILE to the CA certificate (PEM) that signed the server certificate',
    );
  });

  it('given TLS settings, when the server offers no TLS, then it says so', () => {
    expect(
      describeNatsConnectFailure(new NatsError('tls', 'SERVER_OPT_NA'), {
        WHARF_NATS_URL: url,
        WHARF_NATS_TLS_CA_FILE: '/ca.pem',
      }),
    ).toBe(
      'NATS at nats://127.0.0.1:4333 does not offer TLS, but WHARF_NATS_TLS_CA_FILE asks for it: ' +
        'unset that, or set WHARF_NATS_URL to a NATS that serves TLS',
    );
  });

  it('when nothing listens, then it points at WHARF_NATS_URL', () => {
    expect(describeNatsConnectFailure(new NatsError('CONNECTION_REFUSED', 'CONNECTION_REFUSED'), {})).toBe(
      `cannot reach NATS at ${DEFAULT_NATS_URL} (CONNECTION_REFUSED): is it running? Set WHARF_NATS_URL to the NATS to use`,
    );
  });
});

describe('natsServersForDisplay', () => {
  it('removes a user and password written into the URLs', () => {
    expect(natsServersForDisplay({ WHARF_NATS_URL: `nats://u:${PASSWORD}@a:4222,nats://b:4222` })).toBe(
      'nats://a:4222,nats://b:4222',
    );
  });
});
