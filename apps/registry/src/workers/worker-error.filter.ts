import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { WorkerAlreadyRegisteredError, WorkerGoneError, WorkerNotFoundError } from './worker.errors';

type WorkerError = WorkerNotFoundError | WorkerGoneError | WorkerAlreadyRegisteredError;

function statusOf(error: WorkerError): { statusCode: number; error: string } {
  if (error instanceof WorkerGoneError) return { statusCode: 410, error: 'Gone' };
  if (error instanceof WorkerAlreadyRegisteredError) return { statusCode: 409, error: 'Conflict' };
  return { statusCode: 404, error: 'Not Found' };
}

/** Turns the worker decider's refusals into the service's JSON errors. */
@Catch(WorkerNotFoundError, WorkerGoneError, WorkerAlreadyRegisteredError)
export class WorkerErrorFilter implements ExceptionFilter<WorkerError> {
  catch(exception: WorkerError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<{ status(code: number): { json(body: unknown): void } }>();
    const { statusCode, error } = statusOf(exception);
    response.status(statusCode).json({ statusCode, error, message: exception.message });
  }
}
