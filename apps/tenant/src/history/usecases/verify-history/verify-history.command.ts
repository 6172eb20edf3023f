import { RequestScope } from '@wharf/auth';
import { VerifyProgress } from '@wharf/history';

export class VerifyHistoryCommand {
  constructor(
    readonly scope: RequestScope,
    readonly anchor: string | undefined,
    readonly onProgress?: (progress: VerifyProgress) => void,
    readonly signal?: AbortSignal,
  ) {}
}
