import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WharfServiceModule } from '@wharf/service-kit';
import { AssignmentsController } from './assignments/assignments.controller';
import { AuditController } from './audit/audit.controller';
import { AuditProjection } from './audit/audit.projection';
import { AssignmentHub } from './dispatch/assignment-hub';
import { Dispatcher } from './dispatch/dispatcher.service';
import { EventsController } from './events/events.controller';
import { DispatchProjection } from './read-model/dispatch.projection';
import { ReplayEngine } from './replays/replay-engine.service';
import { ReplayProjection } from './replays/replay.projection';
import { ReplaysController } from './replays/replays.controller';
import { RunsController } from './runs/runs.controller';
import { CronsController } from './schedules/crons.controller';
import { ScheduledRunsController } from './schedules/scheduled-runs.controller';
import { Scheduler } from './schedules/scheduler.service';
import { StepRunsController } from './step-runs/step-runs.controller';

const projection = new DispatchProjection();
const replayProjection = new ReplayProjection();
const auditProjection = new AuditProjection();

@Module({
  imports: [
    WharfServiceModule.forRoot({
      service: 'dispatch',
      projections: [projection, replayProjection, auditProjection],
      schemaVersion: 5,
    }),
    TypeOrmModule.forFeature([...projection.entities, ...replayProjection.entities, ...auditProjection.entities]),
  ],
  controllers: [
    EventsController,
    RunsController,
    StepRunsController,
    AssignmentsController,
    CronsController,
    ScheduledRunsController,
    ReplaysController,
    AuditController,
  ],
  providers: [AssignmentHub, Dispatcher, Scheduler, ReplayEngine],
})
export class DispatchAppModule {}
