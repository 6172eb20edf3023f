import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectNats, NatsConnectionError } from '@wharf/event-store';
import { appEntryPoint, findRepoRoot, freePort, pathHook } from '@wharf/launcher';
import { adminRequest } from '../../apps/cli/src/commands/support/admin-request';
import { eventually } from '../support/eventually';
import { RunningNats, startNatsServer } from '../support/nats-server';
import { createTenant } from '../support/tenant-fixture';
import { generateTlsCertificates, TlsCertificates } from '../support/tls-certificates';
import { startWharfCluster, WharfCluster } from '../support/wharf-cluster';

jest.setTimeout(180_000);

const secret = (prefix: string) => `${prefix}-${randomBytes(12).toString('hex')}`;
const EXIT_TIMEOUT_MS = 60_000;

/**
 * The whole path through the services: a tenant made with the operator token, a tenant token, a
 * workflow, a worker through the SDK, an event pushed, and the run completed on that worker.
 */
async function runTheDispatchPath(cluster: WharfCluster): Promise<void> {
  const tenant = await createTenant(cluster, 'Secured NATS');
  const client = tenant.client('default');
  await client.workflows.put({
    name: 'welcome',
    eventKeys: ['user:created'],
    steps: [{ name: 'send', action: 'email:send' }],
  });
  const worker = client.worker({
    name: 'laptop',
    actions: { 'email:send': (input: unknown) => ({ sent: input }) },
  });
  await worker.start();
  try {
    const pushed = await client.events.push('user:created', { email: 'ada@example.com' });
    expect(pushed.runs).toHaveLength(1);
    const run = await eventually(
      async () => {
        const found = await client.runs.get(pushed.runs[0]);
        return found.status === 'completed' ? found : undefined;
      },
      { what: 'run completed', timeoutMs: 30_000 },
    );
    expect(run.steps[0].assignments[0]).toMatchObject({ workerId: worker.id, outcome: 'completed' });
    expect(run.output).toEqual({ sent: { email: 'ada@example.com' } });
  } finally {
    await worker.stop();
  }
}

interface ProcessExit {
  code: number | null;
  stderr: string;
  output: string;
}

/**
 * Runs a compiled app (`node -r scripts/register-paths.js dist/apps/<app>/src/main.js ...args`)
 * with `env` (nothing inherited but PATH) and a fresh data folder, and waits for it to exit. One
 * still running after a minute is killed by PID, and its exit code is then null.
 */
async function exitOf(app: 'tenant' | 'cli', args: string[], env: NodeJS.ProcessEnv): Promise<ProcessExit> {
  const root = findRepoRoot();
  const entry = app === 'cli' ? join(root, 'dist', 'apps', 'cli', 'src', 'main.js') : appEntryPoint(app, root);
  const dataDir = mkdtempSync(join(tmpdir(), 'wharf-nats-security-'));
  const child = spawn(process.execPath, ['-r', pathHook(root), entry, ...args], {
    env: {
      PATH: process.env.PATH,
      NO_COLOR: '1',
      WHARF_DATA_DIR: dataDir,
      WHARF_HOST: '127.0.0.1',
      WHARF_TENANT_PORT: String(await freePort()),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const timer = setTimeout(() => child.pid !== undefined && process.kill(child.pid, 'SIGKILL'), EXIT_TIMEOUT_MS);
  try {
    const code = await exited;
    return { code, stderr, output };
  } finally {
    clearTimeout(timer);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The tenant service started alone: it must fail to start on a NATS that refuses it. */
const tenantServiceExit = (env: NodeJS.ProcessEnv) => exitOf('tenant', [], env);

describe('services on a NATS that requires a user and password', () => {
  const password = secret('pw');
  let nats: RunningNats;
  let cluster: WharfCluster;

  beforeAll(async () => {
    nats = await startNatsServer({ user: 'wharf', password });
    cluster = await startWharfCluster({
      natsUrl: nats.url,
      env: { WHARF_NATS_USER: 'wharf', WHARF_NATS_PASSWORD: password },
    });
  });

  afterAll(async () => {
    await cluster?.stop();
    await nats?.stop();
  });

  it('runs the end-to-end path with WHARF_NATS_USER and WHARF_NATS_PASSWORD', async () => {
    await runTheDispatchPath(cluster);
  });

  it("answers the CLI's admin requests over the same credentials", async () => {
    const env = { WHARF_NATS_URL: nats.url, WHARF_NATS_USER: 'wharf', WHARF_NATS_PASSWORD: password };
    expect(await adminRequest('tenant', 'health', 10_000, env)).toMatchObject({ service: 'tenant' });
  });

  it('a service without the credentials exits and names the variables to set', async () => {
    const exit = await tenantServiceExit({ WHARF_NATS_URL: nats.url });
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(exit.stderr).toContain(`NATS at ${nats.url} refused the connection (Authorization Violation)`);
    expect(exit.stderr).toContain('Set WHARF_NATS_USER and WHARF_NATS_PASSWORD');
  });

  it('a service with a wrong password exits, and never prints either password', async () => {
    const wrong = secret('wrong');
    const exit = await tenantServiceExit({
      WHARF_NATS_URL: nats.url,
      WHARF_NATS_USER: 'wharf',
      WHARF_NATS_PASSWORD: wrong,
    });
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(exit.stderr).toContain('the credentials in WHARF_NATS_USER/WHARF_NATS_PASSWORD were refused');
    expect(exit.output).not.toContain(wrong);
    expect(exit.output).not.toContain(password);
  });

  it('the CLI without the credentials fails with the same advice', async () => {
    const failure = adminRequest('tenant', 'health', 10_000, { WHARF_NATS_URL: nats.url });
    await expect(failure).rejects.toBeInstanceOf(NatsConnectionError);
    await expect(failure).rejects.toThrow('Set WHARF_NATS_USER and WHARF_NATS_PASSWORD');
  });

  it('`wharf up` (npm start) on it without the credentials stops before starting a service, in one line', async () => {
    const exit = await exitOf('cli', ['up'], { WHARF_NATS_URL: nats.url });
    expect(exit.code).toBe(1);
    expect(exit.stderr.trim()).toBe(
      `wharf: could not start: NATS at ${nats.url} refused the connection (Authorization Violation): ` +
        'no credentials were given. Set WHARF_NATS_USER and WHARF_NATS_PASSWORD, or WHARF_NATS_TOKEN, or ' +
        'WHARF_NATS_NKEY_SEED_FILE, or WHARF_NATS_CREDS_FILE to credentials this NATS accepts',
    );
    expect(exit.output).not.toContain('service is up');
  });
});

describe('services on a NATS that serves TLS with a certificate of a private CA', () => {
  let certificates: TlsCertificates;
  let nats: RunningNats;
  let cluster: WharfCluster;

  beforeAll(async () => {
    certificates = generateTlsCertificates();
    nats = await startNatsServer({
      tls: { certFile: certificates.serverCertFile, keyFile: certificates.serverKeyFile },
    });
    cluster = await startWharfCluster({ natsUrl: nats.url, env: { WHARF_NATS_TLS_CA_FILE: certificates.caFile } });
  });

  afterAll(async () => {
    await cluster?.stop();
    await nats?.stop();
    certificates?.remove();
  });

  it('runs the end-to-end path with WHARF_NATS_TLS_CA_FILE', async () => {
    await runTheDispatchPath(cluster);
  });

  it('refuses the connection without the CA, naming WHARF_NATS_TLS_CA_FILE', async () => {
    const failure = connectNats({ WHARF_NATS_URL: nats.url }, 'e2e-no-ca');
    await expect(failure).rejects.toBeInstanceOf(NatsConnectionError);
    await expect(failure).rejects.toThrow(`the TLS certificate of NATS at ${nats.url} is not trusted`);

    const exit = await tenantServiceExit({ WHARF_NATS_URL: nats.url });
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(exit.stderr).toContain('Set WHARF_NATS_TLS_CA_FILE to the CA certificate');
  });

  it('presents the client certificate of WHARF_NATS_TLS_CERT_FILE and WHARF_NATS_TLS_KEY_FILE to a NATS that verifies clients', async () => {
    const verifying = await startNatsServer({
      tls: {
        certFile: certificates.serverCertFile,
        keyFile: certificates.serverKeyFile,
        clientCaFile: certificates.caFile,
      },
    });
    try {
      const nc = await connectNats(
        {
          WHARF_NATS_URL: verifying.url,
          WHARF_NATS_TLS_CA_FILE: certificates.caFile,
          WHARF_NATS_TLS_CERT_FILE: certificates.clientCertFile,
          WHARF_NATS_TLS_KEY_FILE: certificates.clientKeyFile,
        },
        'e2e-client-certificate',
      );
      await nc.flush();
      await nc.close();
    } finally {
      await verifying.stop();
    }
  });

  it('a Wharf that starts its own nats-server ignores credentials and TLS settings meant for an external NATS', async () => {
    const own = await startWharfCluster({
      env: {
        WHARF_NATS_USER: 'wharf',
        WHARF_NATS_PASSWORD: secret('pw'),
        WHARF_NATS_TLS_CA_FILE: certificates.caFile,
      },
    });
    try {
      await runTheDispatchPath(own);
    } finally {
      await own.stop();
    }
  });
});

describe('services on a NATS that requires a token', () => {
  const token = secret('token');
  let nats: RunningNats;
  let cluster: WharfCluster;

  beforeAll(async () => {
    nats = await startNatsServer({ token });
    cluster = await startWharfCluster({ natsUrl: nats.url, env: { WHARF_NATS_TOKEN: token } });
  });

  afterAll(async () => {
    await cluster?.stop();
    await nats?.stop();
  });

  it('runs the end-to-end path with WHARF_NATS_TOKEN', async () => {
    await runTheDispatchPath(cluster);
  });

  it('a service with a wrong token exits without printing it', async () => {
    const wrong = secret('wrong');
    const exit = await tenantServiceExit({ WHARF_NATS_URL: nats.url, WHARF_NATS_TOKEN: wrong });
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(exit.stderr).toContain('the credentials in WHARF_NATS_TOKEN were refused');
    expect(exit.output).not.toContain(wrong);
    expect(exit.output).not.toContain(token);
  });
});
