import { HttpClient, pathSegment } from '../http-client';

export interface StepRunReportAnswer {
  stepRunId: string;
  status: string;
}

/**
 * `/api/v1/step-runs/{id}/...`: a worker's reports on an assignment. Reporting the same outcome
 * twice is accepted (200); a different or stale one is a 409.
 */
export class StepRunsResource {
  constructor(private readonly http: HttpClient) {}

  started(stepRunId: string, attempt: number): Promise<StepRunReportAnswer> {
    return this.report(stepRunId, 'started', { attempt });
  }

  completed(stepRunId: string, attempt: number, output: unknown): Promise<StepRunReportAnswer> {
    // JSON has no `undefined`: a handler that returns nothing completes with `null`.
    return this.report(stepRunId, 'completed', { attempt, output: output === undefined ? null : output });
  }

  /** `retryable: false` (a NonRetryableError): the step fails without its retries. */
  failed(stepRunId: string, attempt: number, error: string, retryable = true): Promise<StepRunReportAnswer> {
    return this.report(stepRunId, 'failed', { attempt, error, ...(retryable ? {} : { retryable: false }) });
  }

  /** Hands an unfinished attempt back (the worker is stopping): the server assigns the step again at once. */
  released(stepRunId: string, attempt: number): Promise<StepRunReportAnswer> {
    return this.report(stepRunId, 'released', { attempt });
  }

  private report(
    stepRunId: string,
    outcome: 'started' | 'completed' | 'failed' | 'released',
    body: object,
  ): Promise<StepRunReportAnswer> {
    return this.http.request<StepRunReportAnswer>('POST', `/api/v1/step-runs/${pathSegment(stepRunId)}/${outcome}`, {
      body,
    });
  }
}
