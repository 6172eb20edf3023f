import { HttpClient } from './http-client';
import { AuditResource } from './resources/audit.resource';
import { CronsResource } from './resources/crons.resource';
import { EventsResource } from './resources/events.resource';
import { HistoryResource } from './resources/history.resource';
import { NamespacesResource } from './resources/namespaces.resource';
import { OperatorResource } from './resources/operator.resource';
import { ReplaysResource } from './resources/replays.resource';
import { RunsResource } from './resources/runs.resource';
import { ScheduledRunsResource } from './resources/scheduled-runs.resource';
import { StepRunsResource } from './resources/step-runs.resource';
import { TenantsResource } from './resources/tenants.resource';
import { TokensResource } from './resources/tokens.resource';
import { WorkersResource } from './resources/workers.resource';
import { WorkflowsResource } from './resources/workflows.resource';
import { WharfWorker, WorkerOptions } from './worker';
import { resolveWorkerSettings, WorkerSettings } from './worker-settings';
import { resolveWharfConfig, WharfConfigOptions } from './wharf-config';

export interface WharfOptions extends WharfConfigOptions {
  /** Replaces the global fetch (tests, proxies, instrumentation). */
  fetch?: typeof fetch;
}

/**
 * The Wharf client: one base URL, one token, one namespace (and, for the operator token reading
 * inside a tenant, that tenant). Configuration is resolved (and the namespace and tenant validated)
 * when the client is built, so a misconfigured client fails before any request.
 */
export class Wharf {
  readonly tenants: TenantsResource;
  readonly tokens: TokensResource;
  readonly workflows: WorkflowsResource;
  readonly events: EventsResource;
  readonly runs: RunsResource;
  readonly workers: WorkersResource;
  readonly stepRuns: StepRunsResource;
  readonly operator: OperatorResource;
  readonly namespaces: NamespacesResource;
  readonly crons: CronsResource;
  readonly scheduledRuns: ScheduledRunsResource;
  readonly audit: AuditResource;
  readonly history: HistoryResource;
  readonly replays: ReplaysResource;
  private readonly http: HttpClient;
  private readonly workerSettings: WorkerSettings;

  constructor(options: WharfOptions = {}) {
    this.http = new HttpClient(resolveWharfConfig(options), options.fetch);
    this.workerSettings = resolveWorkerSettings(options);
    this.tenants = new TenantsResource(this.http);
    this.tokens = new TokensResource(this.http);
    this.workflows = new WorkflowsResource(this.http);
    this.events = new EventsResource(this.http);
    this.runs = new RunsResource(this.http);
    this.workers = new WorkersResource(this.http);
    this.stepRuns = new StepRunsResource(this.http);
    this.operator = new OperatorResource(this.http);
    this.namespaces = new NamespacesResource(this.http);
    this.crons = new CronsResource(this.http);
    this.scheduledRuns = new ScheduledRunsResource(this.http);
    this.audit = new AuditResource(this.http);
    this.history = new HistoryResource(this.http);
    this.replays = new ReplaysResource(this.http);
  }

  /** The base URL requests go to. */
  get url(): string {
    return this.http.url;
  }

  /** The namespace every request acts in. */
  get namespace(): string {
    return this.http.namespace;
  }

  /** The tenant the operator token reads in (`X-Wharf-Tenant`), if one is configured. */
  get tenant(): string | undefined {
    return this.http.tenant;
  }

  /** A worker serving `options.actions` in this client's namespace; call `start()` to go online. */
  worker(options: WorkerOptions): WharfWorker {
    return new WharfWorker(options, this.workers, this.stepRuns, this.workerSettings);
  }
}
