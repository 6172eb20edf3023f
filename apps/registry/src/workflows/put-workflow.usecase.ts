import { Injectable } from '@nestjs/common';
import { RequestScope } from '@wharf/auth';
import { EventStore } from '@wharf/event-store';
import { AssignmentStrategy, newEvent, WorkflowStep } from '@wharf/events';
import { ProjectionRunner } from '@wharf/projections';
import { decideAndAppend } from '../common/decide-and-append';
import { PutWorkflowDto } from './dto/put-workflow.dto';
import { decideWorkflow, evolveWorkflow, initialWorkflowState } from './workflow.decider';
import { WorkflowLookup } from './workflow-lookup';

export interface PutWorkflowResult {
  name: string;
  namespace: string;
  version: number;
  eventKeys: string[];
  steps: WorkflowStep[];
  strategy?: AssignmentStrategy;
}

/** Creates a workflow in the request's tenant and namespace, or puts the next version of it. */
@Injectable()
export class PutWorkflow {
  constructor(
    private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
    private readonly lookup: WorkflowLookup,
  ) {}

  execute(scope: RequestScope, dto: PutWorkflowDto): Promise<PutWorkflowResult> {
    const command = {
      type: 'put-workflow' as const,
      name: dto.name,
      eventKeys: dto.eventKeys,
      steps: dto.steps,
      strategy: dto.strategy,
    };
    return decideAndAppend(this.store, this.runner, async () => {
      // A row missing here may only lag the stream: expecting 0 then fails and the retry catches up.
      const row = await this.lookup.find(scope, dto.name);
      const state = row === null ? initialWorkflowState : { version: row.version };
      const events = decideWorkflow(command, state);
      const next = events.reduce(evolveWorkflow, state);
      return {
        events: events.map((event) =>
          newEvent({
            type: event.type,
            payload: event.payload,
            tenant: scope.tenant,
            namespace: scope.namespace,
            aggregate: { type: 'workflow', id: dto.name },
            actor: scope.actor,
          }),
        ),
        expectedLastSubjectSeq: row?.lastSeq ?? 0,
        result: {
          name: command.name,
          namespace: scope.namespace,
          version: next.version,
          eventKeys: events[0].payload.eventKeys,
          steps: events[0].payload.steps,
          strategy: events[0].payload.strategy,
        },
      };
    });
  }
}
