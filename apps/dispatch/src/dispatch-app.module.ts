import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WharfServiceModule } from '@wharf/service-kit';
import { AssignmentsController } from './assignments/assignments.controller';
import { AssignmentHub } from './dispatch/assignment-hub';
import { Dispatcher } from './dispatch/dispatcher.service';
import { EventsController } from './events/events.controller';
import { DispatchProjection } from './read-model/dispatch.projection';
import { RunsController } from './runs/runs.controller';
import { CronsController } from './schedules/crons.controller';
import { ScheduledRunsController } from './schedules/scheduled-runs.controller';
import { Scheduler } from './schedules/scheduler.service';
import { StepRunsController } from './step-runs/step-runs.controller';

const projection = new DispatchProjection();

@Module({
  imports: [
    WharfServiceModule.forRoot({ service: 'dispatch', projections: [projection], schemaVersion: 5 }),
    TypeOrmModule.forFeature([...projection.entities]),
  ],
  controllers: [
    EventsController,
    RunsController,
    StepRunsController,
    AssignmentsController,
    CronsController,
    ScheduledRunsController,
  ],
  providers: [AssignmentHub, Dispatcher, Scheduler],
})
export class DispatchAppModule {}
