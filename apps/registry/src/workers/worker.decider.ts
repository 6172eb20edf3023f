import { DomainEvent } from '@wharf/events';
import { WorkerCommand } from './worker.commands';
import { WorkerAlreadyRegisteredError, WorkerGoneError, WorkerNotFoundError } from './worker.errors';

/**
 * A worker's life: registered (available) ⇄ unavailable while its heartbeats stop and resume, and
 * deregistered for good.
 */
export type WorkerStatus = 'available' | 'unavailable' | 'deregistered';

export type WorkerState = { status: 'unregistered' } | { status: WorkerStatus };

export const initialWorkerState: WorkerState = { status: 'unregistered' };

export type WorkerEvent = DomainEvent<
  'worker.registered' | 'worker.became-unavailable' | 'worker.became-available' | 'worker.deregistered'
>;

/** The events a command on a worker produces, given the worker's state; throws when it is refused. */
export function decideWorker(command: WorkerCommand, state: WorkerState): WorkerEvent[] {
  switch (command.type) {
    case 'register-worker': {
      if (state.status !== 'unregistered') throw new WorkerAlreadyRegisteredError(command.workerId);
      const { workerId, name, actions, maxRuns, labels } = command;
      return [{ type: 'worker.registered', payload: { workerId, name, actions, maxRuns, labels } }];
    }
    case 'record-heartbeat':
      if (state.status === 'unregistered') throw new WorkerNotFoundError(command.workerId);
      if (state.status === 'deregistered') throw new WorkerGoneError(command.workerId);
      return state.status === 'unavailable'
        ? [{ type: 'worker.became-available', payload: { workerId: command.workerId } }]
        : [];
    case 'declare-unavailable':
      // Only an available worker can stop being available; for any other state the sweep is moot.
      if (state.status !== 'available') return [];
      return [
        {
          type: 'worker.became-unavailable',
          payload: {
            workerId: command.workerId,
            reason: 'heartbeat-timeout',
            lastHeartbeatAt: command.lastHeartbeatAt,
          },
        },
      ];
    case 'deregister-worker':
      if (state.status === 'unregistered') throw new WorkerNotFoundError(command.workerId);
      // Deregistering twice is a retry, not an error.
      if (state.status === 'deregistered') return [];
      return [{ type: 'worker.deregistered', payload: { workerId: command.workerId } }];
  }
}

export function evolveWorker(state: WorkerState, event: WorkerEvent): WorkerState {
  switch (event.type) {
    case 'worker.registered':
    case 'worker.became-available':
      return { status: 'available' };
    case 'worker.became-unavailable':
      return { status: 'unavailable' };
    case 'worker.deregistered':
      return { status: 'deregistered' };
    default:
      return state;
  }
}
