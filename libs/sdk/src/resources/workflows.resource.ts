import type {
  AssignmentStrategy,
  StepAffinity,
  StepRetry,
  StepTimeouts,
  StickyMode,
  WeightedLabel,
} from '@wharf/events';
import { assertName } from '@wharf/names';
import { HttpClient, pathSegment } from '../http-client';

/** Strategy, label affinity and sticky options: the same shapes the workflow events record. */
export type { AssignmentStrategy, StepAffinity, StickyMode, WeightedLabel };
/** Per-step timeouts (`scheduleMs`, `executionMs`) and retry policy (`attempts`, `backoffMs`, `factor`, `maxDelayMs`). */
export type { StepRetry, StepTimeouts };

export interface WorkflowStep {
  name: string;
  action: string;
  /** Overrides the workflow's strategy for this step. */
  strategy?: AssignmentStrategy;
  affinity?: StepAffinity;
  /** Steps after the first: prefer (`soft`) or require (`hard`) the worker that ran the first step. */
  sticky?: StickyMode;
  /** How long the step may wait for a worker and run on one (ms); default: the dispatch service's. */
  timeouts?: StepTimeouts;
  /** Retries of a failed or timed-out attempt with exponential backoff; default: none. */
  retry?: StepRetry;
}

export interface WorkflowDefinition {
  name: string;
  eventKeys: string[];
  steps: WorkflowStep[];
  /** The strategy of every step that names none; absent means `random`. */
  strategy?: AssignmentStrategy;
}

/** The step as sent: its name, its action and only the options it sets. */
function stepBody({ name, action, strategy, affinity, sticky, timeouts, retry }: WorkflowStep): WorkflowStep {
  return {
    name,
    action,
    ...(strategy === undefined ? {} : { strategy }),
    ...(affinity === undefined ? {} : { affinity }),
    ...(sticky === undefined ? {} : { sticky }),
    ...(timeouts === undefined ? {} : { timeouts }),
    ...(retry === undefined ? {} : { retry }),
  };
}

export interface Workflow extends WorkflowDefinition {
  namespace: string;
  version: number;
}

/** `/api/v1/workflows` in the client's namespace. */
export class WorkflowsResource {
  constructor(private readonly http: HttpClient) {}

  /** Creates the workflow or replaces its definition; the answer carries the new version. */
  put(definition: WorkflowDefinition): Promise<Workflow> {
    assertName('workflow', definition.name, 'name');
    definition.eventKeys.forEach((key, i) => assertName('eventKey', key, `eventKeys.${i}`));
    definition.steps.forEach((step, i) => {
      assertName('step', step.name, `steps.${i}.name`);
      assertName('action', step.action, `steps.${i}.action`);
      Object.keys(step.affinity?.required ?? {}).forEach((key) =>
        assertName('labelKey', key, `steps.${i}.affinity.required`),
      );
      step.affinity?.weighted?.forEach((label, j) =>
        assertName('labelKey', label.key, `steps.${i}.affinity.weighted.${j}.key`),
      );
    });
    const body: WorkflowDefinition = {
      name: definition.name,
      eventKeys: definition.eventKeys,
      steps: definition.steps.map(stepBody),
      ...(definition.strategy === undefined ? {} : { strategy: definition.strategy }),
    };
    return this.http.request<Workflow>('POST', '/api/v1/workflows', { body });
  }

  list(): Promise<Workflow[]> {
    return this.http.request<Workflow[]>('GET', '/api/v1/workflows');
  }

  get(name: string): Promise<Workflow> {
    assertName('workflow', name, 'name');
    return this.http.request<Workflow>('GET', `/api/v1/workflows/${pathSegment(name)}`);
  }
}
