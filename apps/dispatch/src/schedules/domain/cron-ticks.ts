import { Cron } from 'croner';
import { MissedTicksPolicy } from '@wharf/events';

/** What a tick computation needs of a cron. */
export interface CronTiming {
  expression: string;
  timezone: string;
  missedTicks: MissedTicksPolicy;
}

/**
 * Whether six-field expressions (a leading seconds field) are accepted. Off unless the dispatch
 * service runs with WHARF_CRON_SECONDS=allow, which exists for tests: a cron that ticks every few
 * seconds lets an end-to-end test watch ticks without waiting minutes.
 */
export function secondsFieldAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.WHARF_CRON_SECONDS === 'allow';
}

/** Past this many ticks the count of missed ticks stops (a long outage of a busy cron). */
export const MISSED_COUNT_LIMIT = 10_000;

/** A tick later than this after its time counts as missed (for ticks further apart than twice this). */
export const ON_TIME_TOLERANCE_MS = 30_000;

function cronOf(timing: Pick<CronTiming, 'expression' | 'timezone'>, allowSeconds: boolean): Cron {
  return new Cron(timing.expression, {
    timezone: timing.timezone,
    paused: true,
    mode: allowSeconds ? '5-or-6-parts' : '5-part',
  });
}

/** The broken rule of a time zone as a sentence, or null when it is a known IANA zone. */
export function timezoneViolation(timezone: unknown): string | null {
  if (typeof timezone !== 'string' || timezone.length === 0) return 'must be an IANA time zone such as Europe/Berlin';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return null;
  } catch {
    return `"${timezone}" is not an IANA time zone (such as Europe/Berlin or UTC)`;
  }
}

/** The broken rule of an expression as a sentence, or null when it is a valid cron expression. */
export function expressionViolation(expression: unknown, allowSeconds = secondsFieldAllowed()): string | null {
  const fields = allowSeconds ? 'five fields (six with seconds)' : 'five fields';
  const shape = `must be ${fields}: minute hour day-of-month month day-of-week, such as "*/15 9-17 * * 1-5"`;
  if (typeof expression !== 'string') return shape;
  const count = expression.trim().split(/\s+/).length;
  if (count !== 5 && !(allowSeconds && count === 6)) return shape;
  try {
    cronOf({ expression, timezone: 'UTC' }, allowSeconds);
    return null;
  } catch (err) {
    return `is not a valid cron expression: ${(err as Error).message.replace(/^CronPattern: /, '')}`;
  }
}

/** The first tick strictly after `after`, or null when the expression never ticks again. */
export function nextTick(timing: Pick<CronTiming, 'expression' | 'timezone'>, after: Date): Date | null {
  return cronOf(timing, true).nextRun(after);
}

/** The last tick strictly before `before`, or null when there is none. */
export function previousTick(timing: Pick<CronTiming, 'expression' | 'timezone'>, before: Date): Date | null {
  return cronOf(timing, true).previousRuns(1, before)[0] ?? null;
}

export interface DueTick {
  tick: Date;
  /** Ticks after the last recorded one and before `tick` that did not fire. */
  missed: number;
}

/**
 * The tick to fire now, given the last recorded tick (or the cron's creation) and the time.
 * Every tick in (`since`, `now`] is due. When only one is due and it is on time, it fires. When
 * more are due, or the only one is late (no instance ran at its time), the cron's policy decides:
 * `fire-once` fires the latest due tick, once, however many were missed; `skip` fires the latest
 * only if it is on time and otherwise nothing (the missed ticks stay unfired; the next tick
 * fires normally). A tick is on time while `now` is less than ON_TIME_TOLERANCE_MS after it, or
 * less than half the gap since the tick before it when ticks are closer together.
 */
export function dueTick(timing: CronTiming, since: Date, now: Date): DueTick | null {
  const due: Date[] = [];
  let cursor = nextTick(timing, since);
  let count = 0;
  while (cursor !== null && cursor.getTime() <= now.getTime()) {
    count++;
    if (due.length === 0) due.push(cursor);
    else due[0] = cursor;
    if (count >= MISSED_COUNT_LIMIT) {
      // Jump close to now: the count is capped, only the latest due tick matters.
      const back = new Date(now.getTime() - 60 * 60 * 1000);
      cursor = nextTick(timing, back.getTime() > cursor.getTime() ? back : cursor);
      continue;
    }
    cursor = nextTick(timing, cursor);
  }
  if (due.length === 0) return null;
  const latest = due[0];
  const previous = previousTick(timing, latest);
  const tolerance =
    previous === null
      ? ON_TIME_TOLERANCE_MS
      : Math.min(ON_TIME_TOLERANCE_MS, (latest.getTime() - previous.getTime()) / 2);
  const onTime = now.getTime() - latest.getTime() < tolerance;
  const missed = Math.min(count, MISSED_COUNT_LIMIT) - 1;
  if (onTime) return { tick: latest, missed };
  return timing.missedTicks === 'fire-once' ? { tick: latest, missed } : null;
}
