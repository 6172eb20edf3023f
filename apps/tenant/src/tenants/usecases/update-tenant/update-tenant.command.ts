import { RequestScope } from '@wharf/auth';
import { ScopedCommand } from '../../../shared/scoped-command';

export class UpdateTenantCommand extends ScopedCommand {
  constructor(
    scope: RequestScope,
    readonly tenant: string,
    /** Absent: the name stays. */
    readonly name?: string,
    /** Absent: the description stays; empty: it is removed. */
    readonly description?: string,
  ) {
    super(scope);
  }
}
