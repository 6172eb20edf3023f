import { assertName } from '@wharf/names';
import { HttpClient, pathSegment } from '../http-client';

export interface WorkflowStep {
  name: string;
  action: string;
}

export interface WorkflowDefinition {
  name: string;
  eventKeys: string[];
  steps: WorkflowStep[];
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
    });
    const body: WorkflowDefinition = {
      name: definition.name,
      eventKeys: definition.eventKeys,
      steps: definition.steps.map((s) => ({ name: s.name, action: s.action })),
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
