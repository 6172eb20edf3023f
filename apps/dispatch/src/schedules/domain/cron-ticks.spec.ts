import { dueTick, expressionViolation, nextTick, timezoneViolation } from './cron-ticks';

const berlinAt0230 = { expression: '30 2 * * *', timezone: 'Europe/Berlin' };
const everyMinute = { expression: '* * * * *', timezone: 'UTC' };

describe('cron expressions and time zones', () => {
  it('accepts five fields only, unless seconds are allowed', () => {
    expect(expressionViolation('*/15 9-17 * * 1-5', false)).toBeNull();
    expect(expressionViolation('* * * *', false)).toMatch(/^must be five fields/);
    expect(expressionViolation('*/5 * * * * *', false)).toMatch(/^must be five fields/);
    expect(expressionViolation('*/5 * * * * *', true)).toBeNull();
    expect(expressionViolation('61 * * * *', false)).toMatch(/^is not a valid cron expression/);
    expect(expressionViolation(42, false)).toMatch(/^must be five fields/);
  });

  it('accepts IANA time zones only', () => {
    expect(timezoneViolation('Europe/Berlin')).toBeNull();
    expect(timezoneViolation('UTC')).toBeNull();
    expect(timezoneViolation('Mars/Olympus')).toMatch(/is not an IANA time zone/);
    expect(timezoneViolation('')).toMatch(/must be an IANA time zone/);
  });

  it('reads the expression in its time zone', () => {
    expect(nextTick(berlinAt0230, new Date('2026-01-10T12:00:00Z'))?.toISOString()).toBe('2026-01-11T01:30:00.000Z');
    expect(nextTick(berlinAt0230, new Date('2026-07-10T12:00:00Z'))?.toISOString()).toBe('2026-07-11T00:30:00.000Z');
  });

  it('fires a tick that falls in the skipped hour of a spring-forward once, at the first existing time', () => {
    // 2026-03-29 02:00 CET jumps to 03:00 CEST in Berlin: 02:30 does not exist that night.
    const tick = nextTick(berlinAt0230, new Date('2026-03-28T12:00:00Z'));
    expect(tick?.toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(nextTick(berlinAt0230, tick as Date)?.toISOString()).toBe('2026-03-30T00:30:00.000Z');
  });

  it('fires a tick in the repeated hour of a fall-back once', () => {
    // 2026-10-25 03:00 CEST goes back to 02:00 CET: 02:30 happens twice, the cron fires once.
    const tick = nextTick(berlinAt0230, new Date('2026-10-24T12:00:00Z'));
    expect(tick?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(nextTick(berlinAt0230, tick as Date)?.toISOString()).toBe('2026-10-26T01:30:00.000Z');
  });
});

describe('which tick is due', () => {
  const since = new Date('2026-05-01T10:00:00Z');

  it('nothing before the next tick', () => {
    expect(dueTick({ ...everyMinute, missedTicks: 'skip' }, since, new Date('2026-05-01T10:00:59Z'))).toBeNull();
  });

  it('the tick that just came, on time, whatever the policy', () => {
    const now = new Date('2026-05-01T10:01:00.200Z');
    for (const missedTicks of ['skip', 'fire-once'] as const) {
      expect(dueTick({ ...everyMinute, missedTicks }, since, now)).toEqual({
        tick: new Date('2026-05-01T10:01:00Z'),
        missed: 0,
      });
    }
  });

  it('fire-once: after an outage, the latest missed tick fires once and the others are counted as missed', () => {
    const now = new Date('2026-05-01T10:05:40Z');
    expect(dueTick({ ...everyMinute, missedTicks: 'fire-once' }, since, now)).toEqual({
      tick: new Date('2026-05-01T10:05:00Z'),
      missed: 4,
    });
  });

  it('skip: after an outage, no missed tick fires', () => {
    expect(dueTick({ ...everyMinute, missedTicks: 'skip' }, since, new Date('2026-05-01T10:05:40Z'))).toBeNull();
  });

  it('skip: a tick that is on time still fires after missed ones', () => {
    expect(dueTick({ ...everyMinute, missedTicks: 'skip' }, since, new Date('2026-05-01T10:05:10Z'))).toEqual({
      tick: new Date('2026-05-01T10:05:00Z'),
      missed: 4,
    });
  });

  it('ticks a few seconds apart are late after half their gap', () => {
    const everyFourSeconds = { expression: '*/4 * * * * *', timezone: 'UTC' };
    expect(dueTick({ ...everyFourSeconds, missedTicks: 'skip' }, since, new Date('2026-05-01T10:00:05.900Z'))).toEqual({
      tick: new Date('2026-05-01T10:00:04Z'),
      missed: 0,
    });
    expect(
      dueTick({ ...everyFourSeconds, missedTicks: 'skip' }, since, new Date('2026-05-01T10:00:06.100Z')),
    ).toBeNull();
  });

  it('counts a long outage of a busy cron without walking every tick', () => {
    const everySecond = { expression: '* * * * * *', timezone: 'UTC', missedTicks: 'fire-once' as const };
    const due = dueTick(everySecond, since, new Date('2026-05-08T10:00:00.300Z'));
    expect(due?.tick).toEqual(new Date('2026-05-08T10:00:00Z'));
    expect(due?.missed).toBe(9_999);
  });
});

describe('lateness after a close pair of ticks', () => {
  it('the second of two ticks two seconds apart is late one second after it, however far the next one is', () => {
    const pair = { expression: '7,9 * * * * *', timezone: 'UTC', missedTicks: 'skip' as const };
    const since = new Date('2026-05-01T10:00:00Z');
    expect(dueTick(pair, since, new Date('2026-05-01T10:00:09.900Z'))?.tick).toEqual(new Date('2026-05-01T10:00:09Z'));
    expect(dueTick(pair, since, new Date('2026-05-01T10:00:10.100Z'))).toBeNull();
    expect(dueTick({ ...pair, missedTicks: 'fire-once' }, since, new Date('2026-05-01T10:00:15Z'))).toEqual({
      tick: new Date('2026-05-01T10:00:09Z'),
      missed: 1,
    });
  });
});
