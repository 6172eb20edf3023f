import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  AnyStoredEvent,
  CronCreated,
  DomainEvent,
  EventEnvelope,
  newEvent,
  ScheduleCreated,
  SYSTEM_ACTOR,
} from '@wharf/events';
import { AppendConflictError, EventStore } from '@wharf/event-store';
import { InjectServiceConfig, ServiceConfig } from '@wharf/service-kit';
import { SUBJECT_ROOT, subjectFor } from '@wharf/names';
import { deterministicId } from '../dispatch/domain/deterministic-id';
import { Dispatcher } from '../dispatch/dispatcher.service';
import { DispatchState } from '../dispatch/domain/dispatch-state';
import { CronState, decideCron, evolveCron, initialCronState } from './domain/cron.decider';
import { nextTick } from './domain/cron-ticks';
import { cronTickEvent, scheduledRunEvent, Scope } from './domain/fired-events';
import { decideSchedule, evolveSchedule, initialScheduleState, ScheduleState } from './domain/schedule.decider';

interface Aggregate<S> extends Scope {
  id: string;
  state: S;
  /** Stream sequence of the subject's last event: the expected sequence of the next append. */
  seq: number;
  createdAt: string;
}

const CRON_FILTER = `${SUBJECT_ROOT}.*.*.cron.*`;
const SCHEDULE_FILTER = `${SUBJECT_ROOT}.*.*.schedule.*`;
/** Longest sleep between two looks at the definitions (a clock jump is noticed within it). */
const MAX_SLEEP_MS = 60_000;
/** How long an instance leaves a tick recorded by another to that instance before pushing its event itself. */
const TAKE_OVER_MS = 3_000;

/**
 * Fires crons and scheduled runs, in every dispatch instance. Its state is a fold of the cron and
 * schedule subjects (two ordered consumers). A tick (or a schedule's firing) is recorded on the
 * cron's (schedule's) own subject with the expected last subject sequence and a deterministic id:
 * however many instances try, exactly one records it, the others get a conflict (or a duplicate)
 * and do nothing. The instance that recorded it then appends the event it pushes, with a
 * deterministic id on an event subject that must be empty, so a retry, a restart or another
 * instance taking over can never push it twice; the deciding dispatcher starts the event's runs.
 */
@Injectable()
export class Scheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Scheduler');
  private readonly crons = new Map<string, Aggregate<CronState>>();
  private readonly schedules = new Map<string, Aggregate<ScheduleState>>();
  private feeds: { stop(): void }[] = [];
  private readonly feedSeq = { cron: 0, schedule: 0 };
  private waiters: { kind: 'cron' | 'schedule'; seq: number; resolve: () => void }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private ready = false;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Event ids this instance pushed or saw pushed: nothing to ensure for them. */
  private readonly pushed = new Set<string>();

  constructor(
    private readonly store: EventStore,
    private readonly dispatcher: Dispatcher,
    @InjectServiceConfig() private readonly config: ServiceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const [cronTarget, scheduleTarget] = await Promise.all([
      this.store.lastSubjectSeq(CRON_FILTER),
      this.store.lastSubjectSeq(SCHEDULE_FILTER),
    ]);
    this.feeds.push(await this.store.follow(CRON_FILTER, 1, (e) => this.onFeed('cron', e)));
    this.feeds.push(await this.store.follow(SCHEDULE_FILTER, 1, (e) => this.onFeed('schedule', e)));
    await Promise.all([this.reaches('cron', cronTarget, 600_000), this.reaches('schedule', scheduleTarget, 600_000)]);
    this.ready = true;
    // A crash may have come between recording a tick (a firing) and pushing its event.
    this.serially(async () => {
      for (const cron of this.crons.values()) await this.ensureCronPush(cron);
      for (const schedule of this.schedules.values()) await this.ensureSchedulePush(schedule);
    });
    this.wake();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const feed of this.feeds) feed.stop();
    this.feeds = [];
  }

  /** The crons of a namespace, after the fold has caught up with the stream (read-your-writes). */
  async cronsOf(scope: Scope): Promise<Aggregate<CronState>[]> {
    await this.catchUp('cron', `${SUBJECT_ROOT}.${scope.tenant}.${scope.namespace}.cron.*`);
    return [...this.crons.values()].filter(
      (c) => c.tenant === scope.tenant && c.namespace === scope.namespace && c.state.cron !== null,
    );
  }

  async cron(scope: Scope, name: string): Promise<Aggregate<CronState>> {
    const subject = subjectFor({ ...scope, aggregateType: 'cron', aggregateId: name });
    await this.catchUp('cron', subject);
    return this.crons.get(subject) ?? { ...scope, id: name, state: initialCronState, seq: 0, createdAt: '' };
  }

  async schedulesOf(scope: Scope): Promise<Aggregate<ScheduleState>[]> {
    await this.catchUp('schedule', `${SUBJECT_ROOT}.${scope.tenant}.${scope.namespace}.schedule.*`);
    return [...this.schedules.values()].filter((s) => s.tenant === scope.tenant && s.namespace === scope.namespace);
  }

  async schedule(scope: Scope, scheduleId: string): Promise<Aggregate<ScheduleState>> {
    const subject = subjectFor({ ...scope, aggregateType: 'schedule', aggregateId: scheduleId });
    await this.catchUp('schedule', subject);
    return (
      this.schedules.get(subject) ?? { ...scope, id: scheduleId, state: initialScheduleState, seq: 0, createdAt: '' }
    );
  }

  /** Records a cron command's events on the cron's subject; a concurrent change is a conflict (409). */
  async recordCron(
    aggregate: Aggregate<CronState>,
    events: DomainEvent[],
    actor: string,
  ): Promise<Aggregate<CronState>> {
    await this.record('cron', aggregate, events, actor);
    return (await this.cron(aggregate, aggregate.id)) as Aggregate<CronState>;
  }

  async recordSchedule(
    aggregate: Aggregate<ScheduleState>,
    events: DomainEvent[],
    actor: string,
  ): Promise<Aggregate<ScheduleState>> {
    await this.record('schedule', aggregate, events, actor);
    return this.schedule(aggregate, aggregate.id);
  }

  /** When a cron ticks next, from now (null when its expression never ticks again). */
  nextTickOf(cron: Aggregate<CronState>, now = new Date()): string | null {
    const definition = cron.state.cron;
    if (definition === null) return null;
    const since = new Date(Math.max(now.getTime(), Date.parse(definition.lastTick ?? definition.createdAt)));
    return nextTick(definition, since)?.toISOString() ?? null;
  }

  private async record(
    kind: 'cron' | 'schedule',
    aggregate: Aggregate<unknown>,
    events: DomainEvent[],
    actor: string,
  ): Promise<EventEnvelope[]> {
    const envelopes = events.map((event) =>
      newEvent({
        type: event.type,
        tenant: aggregate.tenant,
        namespace: aggregate.namespace,
        aggregate: { type: kind, id: aggregate.id },
        actor,
        payload: event.payload,
      } as Parameters<typeof newEvent>[0]),
    );
    await this.store.appendAll(envelopes, aggregate.seq);
    const subject = subjectFor({ ...aggregate, aggregateType: kind, aggregateId: aggregate.id });
    await this.catchUp(kind, subject);
    this.wake();
    return envelopes;
  }

  private onFeed(kind: 'cron' | 'schedule', event: AnyStoredEvent): void {
    this.feedSeq[kind] = event.seq;
    if (kind === 'cron') this.applyCron(event);
    else this.applySchedule(event);
    const ready = this.waiters.filter((w) => w.kind === kind && w.seq <= event.seq);
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
    if (this.ready) this.wake();
  }

  private applyCron(event: AnyStoredEvent): void {
    const known = this.crons.get(event.subject);
    if (known && known.seq >= event.seq) return;
    const aggregate = known ?? {
      tenant: event.tenant,
      namespace: event.namespace,
      id: event.aggregate.id,
      state: initialCronState,
      seq: 0,
      createdAt: event.occurredAt,
    };
    aggregate.state = evolveCron(aggregate.state, event, event.occurredAt);
    aggregate.seq = event.seq;
    this.crons.set(event.subject, aggregate);
    // Recorded by another instance: push its event unless that instance does within TAKE_OVER_MS.
    if (this.ready && event.type === 'cron.ticked' && !this.pushed.has(event.payload.eventId)) {
      setTimeout(() => this.serially(() => this.ensureCronPush(aggregate)), TAKE_OVER_MS).unref();
    }
  }

  private applySchedule(event: AnyStoredEvent): void {
    const known = this.schedules.get(event.subject);
    if (known && known.seq >= event.seq) return;
    const aggregate = known ?? {
      tenant: event.tenant,
      namespace: event.namespace,
      id: event.aggregate.id,
      state: initialScheduleState,
      seq: 0,
      createdAt: event.occurredAt,
    };
    aggregate.state = evolveSchedule(aggregate.state, event);
    aggregate.seq = event.seq;
    this.schedules.set(event.subject, aggregate);
    if (this.ready && event.type === 'schedule.fired' && !this.pushed.has(event.payload.eventId)) {
      setTimeout(() => this.serially(() => this.ensureSchedulePush(aggregate)), TAKE_OVER_MS).unref();
    }
  }

  private reaches(kind: 'cron' | 'schedule', seq: number, timeoutMs: number): Promise<void> {
    if (this.feedSeq[kind] >= seq) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`scheduler feed did not reach sequence ${seq} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({ kind, seq, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  private async catchUp(kind: 'cron' | 'schedule', filter: string): Promise<void> {
    await this.reaches(kind, await this.store.lastSubjectSeq(filter), 5_000);
  }

  /** Runs `task` after every task queued before it: one firing pass at a time. */
  private serially(task: () => Promise<void>): void {
    this.running = this.running.then(task).catch((err: Error) => this.logger.error(err.message));
  }

  /** Looks at every definition now, then sleeps until the next tick or scheduled time. */
  private wake(): void {
    if (!this.ready || this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.serially(async () => {
      await this.fireDue(new Date());
      this.sleep();
    });
  }

  private sleep(): void {
    if (this.stopped) return;
    const now = Date.now();
    let next = now + MAX_SLEEP_MS;
    for (const cron of this.crons.values()) {
      const at = this.nextTickOf(cron, new Date(now));
      if (at !== null) next = Math.min(next, Date.parse(at));
    }
    for (const { state } of this.schedules.values()) {
      if (state.schedule?.status === 'pending') next = Math.min(next, Date.parse(state.schedule.at));
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.wake(), Math.max(0, next - now) + 5);
    this.timer.unref();
  }

  private async fireDue(now: Date): Promise<void> {
    for (const cron of [...this.crons.values()]) {
      const events = decideCron({ type: 'tick', now }, cron.state);
      if (events.length === 0) continue;
      const ticked = events[0] as DomainEvent<'cron.ticked'>;
      const id = deterministicId('cron-ticked', ticked.payload.cronId, ticked.payload.tick);
      if (await this.claim('cron', cron, events, id)) {
        if (ticked.payload.missed > 0)
          this.logger.log(`cron ${cron.tenant}/${cron.namespace}/${cron.id}: ${ticked.payload.missed} missed ticks`);
        await this.pushCronTick(cron, ticked.payload, id);
      }
    }
    for (const schedule of [...this.schedules.values()]) {
      const events = decideSchedule({ type: 'fire', now }, schedule.state);
      if (events.length === 0) continue;
      const fired = events[0] as DomainEvent<'schedule.fired'>;
      const id = deterministicId('schedule-fired', fired.payload.scheduleId);
      if (await this.claim('schedule', schedule, events, id))
        await this.pushScheduledRun(schedule, fired.payload.eventId, id);
    }
  }

  /** True when this instance recorded the event; false when another instance (or a change) came first. */
  private async claim(kind: 'cron' | 'schedule', aggregate: Aggregate<unknown>, events: DomainEvent[], id: string) {
    const envelope = newEvent({
      id,
      type: events[0].type,
      tenant: aggregate.tenant,
      namespace: aggregate.namespace,
      aggregate: { type: kind, id: aggregate.id },
      actor: SYSTEM_ACTOR,
      // Which instance won the race: the audit (and a test) can see that every instance competes.
      payload: { ...(events[0].payload as object), recordedBy: this.config.instance },
    } as Parameters<typeof newEvent>[0]);
    try {
      const { seq, duplicate } = await this.store.append(envelope, { expectedLastSubjectSeq: aggregate.seq });
      if (duplicate) return false;
      const stored = {
        ...envelope,
        seq,
        subject: subjectFor({ ...aggregate, aggregateType: kind, aggregateId: aggregate.id }),
      };
      if (kind === 'cron') this.applyCron(stored as AnyStoredEvent);
      else this.applySchedule(stored as AnyStoredEvent);
      return true;
    } catch (err) {
      if (err instanceof AppendConflictError) return false;
      throw err;
    }
  }

  private async ensureCronPush(cron: Aggregate<CronState>): Promise<void> {
    const definition = cron.state.cron;
    if (definition === null || definition.lastTick === null) return;
    const eventId = deterministicId('cron-tick', definition.cronId, definition.lastTick);
    if (this.pushed.has(eventId)) return;
    const tickedId = deterministicId('cron-ticked', definition.cronId, definition.lastTick);
    await this.pushCronTick(cron, { tick: definition.lastTick, eventId }, tickedId);
  }

  private async ensureSchedulePush(schedule: Aggregate<ScheduleState>): Promise<void> {
    const state = schedule.state.schedule;
    if (state === null || state.status !== 'fired' || state.eventId === null || this.pushed.has(state.eventId)) return;
    await this.pushScheduledRun(schedule, state.eventId, deterministicId('schedule-fired', state.scheduleId));
  }

  private async pushCronTick(
    cron: Aggregate<CronState>,
    ticked: { tick: string; eventId: string },
    causationId: string,
  ): Promise<void> {
    const definition = cron.state.cron as CronCreated;
    await this.seeWorkflows();
    await this.pushOnce(
      cronTickEvent(this.dispatcher.view as DispatchState, cron, definition, { ...ticked, causationId }, new Date()),
    );
  }

  private async pushScheduledRun(schedule: Aggregate<ScheduleState>, eventId: string, causationId: string) {
    const state = schedule.state.schedule as ScheduleCreated;
    await this.seeWorkflows();
    await this.pushOnce(
      scheduledRunEvent(this.dispatcher.view as DispatchState, schedule, state, { eventId, causationId }, new Date()),
    );
  }

  /** Routing reads the workflows the dispatcher folded: let it fold what the stream has now. */
  private async seeWorkflows(): Promise<void> {
    await this.dispatcher.catchUp().catch(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** Appends the event on its (empty) subject; a conflict means it is pushed already. */
  private async pushOnce(event: EventEnvelope<'event.pushed'>): Promise<void> {
    try {
      await this.store.append(event, { expectedLastSubjectSeq: 0 });
    } catch (err) {
      if (!(err instanceof AppendConflictError)) throw err;
    }
    this.pushed.add(event.id);
  }
}
