/** The command names a worker that was never registered. */
export class WorkerNotFoundError extends Error {
  constructor(readonly workerId: string) {
    super(`worker "${workerId}" not found`);
    this.name = 'WorkerNotFoundError';
  }
}

/** The worker was deregistered: it can never heartbeat again, it must register anew. */
export class WorkerGoneError extends Error {
  constructor(readonly workerId: string) {
    super(`worker "${workerId}" was deregistered: register it again to get a new worker id`);
    this.name = 'WorkerGoneError';
  }
}

export class WorkerAlreadyRegisteredError extends Error {
  constructor(readonly workerId: string) {
    super(`worker "${workerId}" is already registered`);
    this.name = 'WorkerAlreadyRegisteredError';
  }
}
