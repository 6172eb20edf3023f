import { EventEnvelope, EventPayloads, EventType, newEvent } from '@wharf/events';
import { eventSubject, EventStore } from '@wharf/event-store';
import { AggregateType, TENANT_WIDE_NAMESPACE } from '@wharf/names';
import { SeededRandom } from './seeded-random';

const NAMESPACES = ['default', 'team-a', 'team-b'] as const;
const ACTIONS = ['email:send', 'sms:send', 'resize_image', 'charge:card'] as const;
const EVENT_KEYS = ['user:created', 'order:paid', 'invoice:due'] as const;

interface WorkerModel {
  workerId: string;
  tenant: string;
  namespace: string;
  status: 'available' | 'unavailable' | 'deregistered';
}

interface WorkflowModel {
  tenant: string;
  namespace: string;
  name: string;
  version: number;
}

/**
 * Appends a seeded random but valid history from the real event catalogue: tenants (one archived), tokens created
 * and revoked, workers registered / unavailable / available / deregistered, workflows put and
 * re-put, events pushed. Every append passes the aggregate's expected last subject sequence, and
 * the mix keeps the state it expects the read model to reach.
 */
export class RandomEventMix {
  readonly tenants: string[] = [];
  readonly tokens = new Map<string, { tenant: string; revoked: boolean }>();
  readonly archived = new Set<string>();
  readonly workers = new Map<string, WorkerModel>();
  readonly workflows = new Map<string, WorkflowModel>();
  /** Events appended per subject. */
  readonly perSubject = new Map<string, number>();
  private readonly lastSubjectSeq = new Map<string, number>();
  private readonly random: SeededRandom;
  private counter = 0;
  appended = 0;
  lastSeq = 0;

  constructor(
    private readonly store: EventStore,
    seed: number,
  ) {
    this.random = new SeededRandom(seed);
  }

  /** Appends `count` events, one at a time; resolves with the last sequence. */
  async append(count: number): Promise<number> {
    for (let i = 0; i < count; i++) await this.appendOne();
    return this.lastSeq;
  }

  /** Appends `count` pushed events only (no token, worker or workflow among them). */
  async appendPushedEvents(count: number): Promise<number> {
    for (let i = 0; i < count; i++) await this.pushEvent();
    return this.lastSeq;
  }

  private async appendOne(): Promise<void> {
    const r = this.random;
    const roll = r.next();
    const liveTokens = [...this.tokens.entries()].filter(([, t]) => !t.revoked);
    const workers = [...this.workers.values()];
    const workflows = [...this.workflows.values()];
    if (this.tenants.length === 0 || (roll < 0.05 && this.tenants.length < 6)) return this.createTenant();
    if (roll < 0.2) return this.createToken();
    if (roll < 0.27 && liveTokens.length > 0) return this.revokeToken(r.pick(liveTokens)[0]);
    if (roll < 0.29 && this.archived.size === 0 && this.tenants.length > 1) return this.archiveTenant(this.tenants[0]);
    if (roll < 0.42) return this.registerWorker();
    if (roll < 0.6 && workers.length > 0) return this.changeWorker(r.pick(workers));
    if (roll < 0.75) {
      const existing = workflows.length > 0 && r.next() < 0.5 ? r.pick(workflows) : undefined;
      return this.putWorkflow(existing);
    }
    return this.pushEvent();
  }

  private nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}-${this.counter}-${this.random.hex(6)}`;
  }

  private async createTenant(): Promise<void> {
    const slug = `t${this.tenants.length + 1}-${this.random.pick(['acme', 'globex', 'initech'])}`;
    this.tenants.push(slug);
    await this.emit('tenant.created', slug, TENANT_WIDE_NAMESPACE, 'tenant', slug, {
      slug,
      name: `Tenant ${slug}`,
      purpose: this.random.pick(['local', 'development', 'staging', 'production'] as const),
    });
  }

  private async archiveTenant(slug: string): Promise<void> {
    this.archived.add(slug);
    await this.emit('tenant.archived', slug, TENANT_WIDE_NAMESPACE, 'tenant', slug, { slug });
  }

  private async createToken(): Promise<void> {
    const tenant = this.random.pick(this.tenants);
    const tokenId = this.random.hex(16);
    this.tokens.set(tokenId, { tenant, revoked: false });
    await this.emit('token.created', tenant, TENANT_WIDE_NAMESPACE, 'token', tokenId, {
      tokenId,
      tenant,
      name: this.nextId('ci'),
      hash: this.random.hex(64),
      operator: false,
      role: this.random.pick(['admin', 'worker', 'publisher', 'viewer'] as const),
      namespace: this.random.next() < 0.5 ? null : this.random.pick(NAMESPACES),
      expiresAt: this.random.next() < 0.5 ? null : new Date(Date.UTC(2030, 0, this.random.int(1, 28))).toISOString(),
    });
  }

  private async revokeToken(tokenId: string): Promise<void> {
    const token = this.tokens.get(tokenId)!;
    token.revoked = true;
    await this.emit('token.revoked', token.tenant, TENANT_WIDE_NAMESPACE, 'token', tokenId, { tokenId });
  }

  private async registerWorker(): Promise<void> {
    const r = this.random;
    const worker: WorkerModel = {
      workerId: this.nextId('w'),
      tenant: r.pick(this.tenants),
      namespace: r.pick(NAMESPACES),
      status: 'available',
    };
    this.workers.set(worker.workerId, worker);
    await this.emit('worker.registered', worker.tenant, worker.namespace, 'worker', worker.workerId, {
      workerId: worker.workerId,
      name: `worker-${this.counter}`,
      actions: r.subset(ACTIONS),
      maxRuns: r.int(1, 10),
      labels: r.next() < 0.5 ? {} : { region: r.pick(['eu', 'us']), kind: r.pick(['local', 'cloud']) },
    });
  }

  private async changeWorker(worker: WorkerModel): Promise<void> {
    const { workerId, tenant, namespace } = worker;
    if (worker.status === 'deregistered') return this.registerWorker();
    if (this.random.next() < 0.2) {
      worker.status = 'deregistered';
      return this.emit('worker.deregistered', tenant, namespace, 'worker', workerId, { workerId });
    }
    if (worker.status === 'available') {
      worker.status = 'unavailable';
      return this.emit('worker.became-unavailable', tenant, namespace, 'worker', workerId, {
        workerId,
        reason: 'heartbeat-timeout',
        lastHeartbeatAt:
          this.random.next() < 0.8 ? new Date(1_700_000_000_000 + this.counter * 1000).toISOString() : null,
      });
    }
    worker.status = 'available';
    return this.emit('worker.became-available', tenant, namespace, 'worker', workerId, { workerId });
  }

  private async putWorkflow(existing?: WorkflowModel): Promise<void> {
    const r = this.random;
    const workflow: WorkflowModel = existing ?? {
      tenant: r.pick(this.tenants),
      namespace: r.pick(NAMESPACES),
      name: this.nextId('flow'),
      version: 0,
    };
    workflow.version += 1;
    this.workflows.set(`${workflow.tenant}/${workflow.namespace}/${workflow.name}`, workflow);
    await this.emit('workflow.put', workflow.tenant, workflow.namespace, 'workflow', workflow.name, {
      name: workflow.name,
      version: workflow.version,
      eventKeys: r.subset(EVENT_KEYS),
      steps: Array.from({ length: r.int(1, 4) }, (_, i) => ({ name: `step-${i + 1}`, action: r.pick(ACTIONS) })),
    });
  }

  private async pushEvent(): Promise<void> {
    const r = this.random;
    const eventId = this.nextId('evt');
    await this.emit('event.pushed', r.pick(this.tenants), r.pick(NAMESPACES), 'event', eventId, {
      eventId,
      key: r.pick(EVENT_KEYS),
      payload: { n: r.int(0, 1000), nested: { ok: r.next() < 0.5 } },
      metadata: r.next() < 0.5 ? {} : { source: 'test' },
      runs: [],
    });
  }

  private async emit<T extends EventType>(
    type: T,
    tenant: string,
    namespace: string,
    aggregateType: AggregateType,
    aggregateId: string,
    payload: EventPayloads[T],
  ): Promise<void> {
    const event: EventEnvelope<T> = newEvent({
      type,
      tenant,
      namespace,
      aggregate: { type: aggregateType, id: aggregateId },
      actor: 'test',
      payload,
    });
    const subject = eventSubject(event);
    const expected = this.lastSubjectSeq.get(subject) ?? 0;
    const { seq } = await this.store.append(event, { expectedLastSubjectSeq: expected });
    this.lastSubjectSeq.set(subject, seq);
    this.perSubject.set(subject, (this.perSubject.get(subject) ?? 0) + 1);
    this.appended += 1;
    this.lastSeq = seq;
  }
}
