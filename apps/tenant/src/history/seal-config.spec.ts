import { DEFAULT_SEAL_CONFIG, sealConfigFromEnv } from './seal-config';

describe('sealConfigFromEnv', () => {
  it('defaults to sealing every 5 s, at most 1000 events a seal', () => {
    expect(sealConfigFromEnv({})).toEqual({ enabled: true, intervalMs: 5_000, maxEvents: 1_000 });
    expect(sealConfigFromEnv({ WHARF_SEAL_INTERVAL_MS: '', WHARF_SEALING: ' ' })).toEqual(DEFAULT_SEAL_CONFIG);
  });

  it('reads each variable', () => {
    expect(
      sealConfigFromEnv({ WHARF_SEALING: 'false', WHARF_SEAL_INTERVAL_MS: '250', WHARF_SEAL_MAX_EVENTS: '50' }),
    ).toEqual({ enabled: false, intervalMs: 250, maxEvents: 50 });
  });

  it.each([
    ['WHARF_SEAL_INTERVAL_MS', '0', /WHARF_SEAL_INTERVAL_MS must be a whole number from 10 to 3600000.*not "0"/],
    ['WHARF_SEAL_INTERVAL_MS', '5s', /WHARF_SEAL_INTERVAL_MS .*not "5s"/],
    ['WHARF_SEAL_MAX_EVENTS', '5001', /WHARF_SEAL_MAX_EVENTS must be a whole number from 1 to 5000/],
    ['WHARF_SEAL_MAX_EVENTS', '-1', /WHARF_SEAL_MAX_EVENTS/],
    ['WHARF_SEALING', 'no', /WHARF_SEALING must be "true" or "false"/],
  ])('refuses %s=%s, naming the variable', (variable, value, message) => {
    expect(() => sealConfigFromEnv({ [variable]: value })).toThrow(message);
  });
});
