import { DEFAULT_REQUEST_LIMITS, REQUEST_LIMIT_VARIABLES, requestLimitsFromEnv } from './request-limits';

describe('request limits from the environment', () => {
  it('defaults every limit when its variable is unset or empty', () => {
    expect(requestLimitsFromEnv({})).toEqual({
      maxBodyBytes: 1_048_576,
      maxHeaderBytes: 16_384,
      maxJsonDepth: 32,
      maxPayloadBytes: 262_144,
      maxEventKeys: 50,
      maxWorkerLabels: 32,
    });
    expect(requestLimitsFromEnv({ WHARF_MAX_JSON_DEPTH: '' })).toEqual(DEFAULT_REQUEST_LIMITS);
  });

  it('reads one variable per limit', () => {
    const env = {
      WHARF_MAX_BODY_BYTES: '2048',
      WHARF_MAX_HEADER_BYTES: '4096',
      WHARF_MAX_JSON_DEPTH: '4',
      WHARF_MAX_PAYLOAD_BYTES: '100',
      WHARF_MAX_EVENT_KEYS: '3',
      WHARF_MAX_WORKER_LABELS: '2',
    };
    expect(requestLimitsFromEnv(env)).toEqual({
      maxBodyBytes: 2048,
      maxHeaderBytes: 4096,
      maxJsonDepth: 4,
      maxPayloadBytes: 100,
      maxEventKeys: 3,
      maxWorkerLabels: 2,
    });
    expect(Object.values(REQUEST_LIMIT_VARIABLES).sort()).toEqual(Object.keys(env).sort());
  });

  it.each(['abc', '-1', '0', '1.5', '1e3', '0x10', '12 KiB', '99999999999'])(
    'refuses WHARF_MAX_EVENT_KEYS=%j, naming the variable, the range and the default',
    (raw) => {
      expect(() => requestLimitsFromEnv({ WHARF_MAX_EVENT_KEYS: raw })).toThrow(
        `WHARF_MAX_EVENT_KEYS must be a whole number from 1 to 2147483647 (default 50), not "${raw}"`,
      );
    },
  );

  it('refuses a body or header limit under 1 KiB, a unit mistake that would refuse every request', () => {
    expect(() => requestLimitsFromEnv({ WHARF_MAX_BODY_BYTES: '1' })).toThrow(
      'WHARF_MAX_BODY_BYTES must be a whole number from 1024 to',
    );
    expect(() => requestLimitsFromEnv({ WHARF_MAX_HEADER_BYTES: '16' })).toThrow(
      'WHARF_MAX_HEADER_BYTES must be a whole number from 1024 to',
    );
    expect(requestLimitsFromEnv({ WHARF_MAX_HEADER_BYTES: '1024' }).maxHeaderBytes).toBe(1024);
  });
});
