import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsCertificates {
  dir: string;
  /** The certificate authority that signed the others (what a client trusts). */
  caFile: string;
  /** A server certificate for 127.0.0.1 and localhost, and its key. */
  serverCertFile: string;
  serverKeyFile: string;
  /** A client certificate (for servers that verify clients), and its key. */
  clientCertFile: string;
  clientKeyFile: string;
  /** Removes the folder with every key in it. */
  remove(): void;
}

export const OPENSSL_BIN = process.env.WHARF_OPENSSL_BIN ?? 'openssl';

function openssl(dir: string, args: string[]): void {
  try {
    execFileSync(OPENSSL_BIN, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`${OPENSSL_BIN} ${args[0]} failed: ${(err as Error).message}\n${stderr}`);
  }
}

/** Signs a new key's certificate with the CA; `extensions` are openssl x509v3 lines. */
function issue(dir: string, name: string, subject: string, extensions: string[]): void {
  writeFileSync(join(dir, `${name}.ext`), `${extensions.join('\n')}\n`);
  openssl(dir, [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    `${name}-key.pem`,
    '-out',
    `${name}.csr`,
    '-subj',
    subject,
  ]);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca-key.pem',
    '-CAcreateserial',
    '-days',
    '2',
    '-sha256',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}.pem`,
  ]);
}

/**
 * A throw-away certificate authority, a server certificate for 127.0.0.1/localhost and a client
 * certificate, made with the `openssl` binary in a temporary folder (valid for two days).
 */
export function generateTlsCertificates(): TlsCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-tls-'));
  try {
    openssl(dir, [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca-key.pem',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-sha256',
      '-subj',
      '/CN=Wharf test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    issue(dir, 'server', '/CN=localhost', [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ]);
    issue(dir, 'client', '/CN=wharf-test-client', [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=clientAuth',
    ]);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    serverCertFile: join(dir, 'server.pem'),
    serverKeyFile: join(dir, 'server-key.pem'),
    clientCertFile: join(dir, 'client.pem'),
    clientKeyFile: join(dir, 'client-key.pem'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
