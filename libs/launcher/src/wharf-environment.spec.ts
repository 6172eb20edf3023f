import { appPort, reachableHost } from './wharf-apps';
import { natsSecurityVariablesIn, wharfEnvironment, withoutNatsSecurity } from './wharf-environment';

describe('wharfEnvironment', () => {
  it("gives every process the data folder, NATS, host, all ports and the services' URLs", () => {
    const env = wharfEnvironment({
      base: { PATH: '/usr/bin' },
      dataDir: '/srv/wharf',
      natsUrl: 'nats://127.0.0.1:4333',
      host: '0.0.0.0',
      ports: { edge: 9080, tenant: 9081, registry: 9082, dispatch: 9083 },
    });
    expect(env).toEqual({
      PATH: '/usr/bin',
      WHARF_DATA_DIR: '/srv/wharf',
      WHARF_NATS_URL: 'nats://127.0.0.1:4333',
      WHARF_HOST: '0.0.0.0',
      WHARF_PORT: '9080',
      WHARF_TENANT_PORT: '9081',
      WHARF_REGISTRY_PORT: '9082',
      WHARF_DISPATCH_PORT: '9083',
      WHARF_TENANT_URL: 'http://127.0.0.1:9081',
      WHARF_REGISTRY_URL: 'http://127.0.0.1:9082',
      WHARF_DISPATCH_URL: 'http://127.0.0.1:9083',
    });
  });
});

describe('appPort', () => {
  it("reads each app's own variable and falls back to the contract's defaults", () => {
    expect(appPort('edge', {})).toBe(8080);
    expect(appPort('dispatch', {})).toBe(8083);
    expect(appPort('edge', { WHARF_PORT: '9000' })).toBe(9000);
    expect(appPort('registry', { WHARF_REGISTRY_PORT: '9002', WHARF_PORT: '9000' })).toBe(9002);
  });

  it('rejects a value that is not a port, naming the variable', () => {
    expect(() => appPort('tenant', { WHARF_TENANT_PORT: 'http' })).toThrow(
      'WHARF_TENANT_PORT must be a TCP port (1-65535), not "http"',
    );
    expect(() => appPort('edge', { WHARF_PORT: '70000' })).toThrow('WHARF_PORT');
  });
});

describe('reachableHost', () => {
  it('turns a wildcard bind into loopback and brackets IPv6 literals', () => {
    expect(reachableHost('0.0.0.0')).toBe('127.0.0.1');
    expect(reachableHost('::')).toBe('127.0.0.1');
    expect(reachableHost(undefined)).toBe('127.0.0.1');
    expect(reachableHost('10.1.2.3')).toBe('10.1.2.3');
    expect(reachableHost('::1')).toBe('[::1]');
  });
});

describe('withoutNatsSecurity', () => {
  it("drops every NATS credential and TLS variable and keeps the rest (for the launcher's own nats-server)", () => {
    const env = {
      PATH: '/usr/bin',
      WHARF_NATS_URL: 'nats://10.0.0.1:4222',
      WHARF_NATS_USER: 'wharf',
      WHARF_NATS_PASSWORD: 'secret',
      WHARF_NATS_TOKEN: 'token',
      WHARF_NATS_NKEY_SEED_FILE: '/k/user.nk',
      WHARF_NATS_CREDS_FILE: '/k/user.creds',
      WHARF_NATS_TLS_CA_FILE: '/k/ca.pem',
      WHARF_NATS_TLS_CERT_FILE: '/k/client.pem',
      WHARF_NATS_TLS_KEY_FILE: '/k/client-key.pem',
    };
    expect(withoutNatsSecurity(env)).toEqual({ PATH: '/usr/bin', WHARF_NATS_URL: 'nats://10.0.0.1:4222' });
    expect(env.WHARF_NATS_PASSWORD).toBe('secret');
  });

  it('names the ones that are set, empty ones aside', () => {
    expect(natsSecurityVariablesIn({ WHARF_NATS_USER: 'u', WHARF_NATS_PASSWORD: 'p', WHARF_NATS_TOKEN: '' })).toEqual([
      'WHARF_NATS_USER',
      'WHARF_NATS_PASSWORD',
    ]);
  });
});
