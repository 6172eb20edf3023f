import { RequestScope } from '@wharf/auth';

export class ListSealsCommand {
  constructor(
    readonly scope: RequestScope,
    readonly after: number,
    readonly limit: number,
  ) {}
}
