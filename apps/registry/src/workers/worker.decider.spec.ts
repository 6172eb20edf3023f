import { WorkerCommand } from './worker.commands';
import { decideWorker, evolveWorker, initialWorkerState, WorkerEvent } from './worker.decider';
import { WorkerAlreadyRegisteredError, WorkerGoneError, WorkerNotFoundError } from './worker.errors';

const workerId = '0b6c2f3e-7a1d-4c59-9f0e-2d8a4b1c6e73';

/** given(past events).when(command) → the events decided, as in the decider's rule book. */
function given(past: WorkerEvent[]) {
  return { when: (command: WorkerCommand) => decideWorker(command, past.reduce(evolveWorker, initialWorkerState)) };
}

const registered: WorkerEvent = {
  type: 'worker.registered',
  payload: { workerId, name: 'mailer', actions: ['email:send'], maxRuns: 2, labels: { region: 'eu' } },
};
const becameUnavailable: WorkerEvent = {
  type: 'worker.became-unavailable',
  payload: { workerId, reason: 'heartbeat-timeout', lastHeartbeatAt: '2024-01-01T00:00:00.000Z' },
};
const becameAvailable: WorkerEvent = { type: 'worker.became-available', payload: { workerId } };
const deregistered: WorkerEvent = { type: 'worker.deregistered', payload: { workerId } };

const heartbeat: WorkerCommand = { type: 'record-heartbeat', workerId };
const deregister: WorkerCommand = { type: 'deregister-worker', workerId };
const declareUnavailable: WorkerCommand = {
  type: 'declare-unavailable',
  workerId,
  lastHeartbeatAt: '2024-01-01T00:00:00.000Z',
};

describe('worker decider', () => {
  describe('register', () => {
    const register: WorkerCommand = {
      type: 'register-worker',
      workerId,
      name: 'mailer',
      actions: ['email:send'],
      maxRuns: 2,
      labels: { region: 'eu' },
    };

    it('registers a new worker with its actions, capacity and labels', () => {
      expect(given([]).when(register)).toEqual([registered]);
    });

    it('refuses to register the same worker id twice', () => {
      expect(() => given([registered]).when(register)).toThrow(WorkerAlreadyRegisteredError);
    });
  });

  describe('heartbeat', () => {
    it('changes nothing while the worker is available', () => {
      expect(given([registered]).when(heartbeat)).toEqual([]);
    });

    it('brings an unavailable worker back', () => {
      expect(given([registered, becameUnavailable]).when(heartbeat)).toEqual([becameAvailable]);
    });

    it('changes nothing once the worker is back', () => {
      expect(given([registered, becameUnavailable, becameAvailable]).when(heartbeat)).toEqual([]);
    });

    it('is refused for a deregistered worker (gone)', () => {
      expect(() => given([registered, deregistered]).when(heartbeat)).toThrow(WorkerGoneError);
    });

    it('is refused for a worker never registered', () => {
      expect(() => given([]).when(heartbeat)).toThrow(WorkerNotFoundError);
    });
  });

  describe('heartbeat timeout', () => {
    it('declares an available worker unavailable, with the last heartbeat it had', () => {
      expect(given([registered]).when(declareUnavailable)).toEqual([becameUnavailable]);
    });

    it('declares a worker that came back unavailable again', () => {
      expect(given([registered, becameUnavailable, becameAvailable]).when(declareUnavailable)).toEqual([
        becameUnavailable,
      ]);
    });

    it('records nothing for a worker already unavailable', () => {
      expect(given([registered, becameUnavailable]).when(declareUnavailable)).toEqual([]);
    });

    it('records nothing for a deregistered worker', () => {
      expect(given([registered, deregistered]).when(declareUnavailable)).toEqual([]);
    });
  });

  describe('deregister', () => {
    it('deregisters an available worker', () => {
      expect(given([registered]).when(deregister)).toEqual([deregistered]);
    });

    it('deregisters an unavailable worker', () => {
      expect(given([registered, becameUnavailable]).when(deregister)).toEqual([deregistered]);
    });

    it('is idempotent: deregistering twice records nothing more', () => {
      expect(given([registered, deregistered]).when(deregister)).toEqual([]);
    });

    it('is refused for a worker never registered', () => {
      expect(() => given([]).when(deregister)).toThrow(WorkerNotFoundError);
    });
  });
});
