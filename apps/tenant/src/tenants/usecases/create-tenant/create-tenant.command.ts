import { RequestScope } from '@wharf/auth';
import { TenantPurpose } from '@wharf/events';
import { ScopedCommand } from '../../../shared/scoped-command';

export class CreateTenantCommand extends ScopedCommand {
  constructor(
    scope: RequestScope,
    readonly name: string,
    readonly purpose: TenantPurpose,
    /** Absent: a slug is generated from the name. */
    readonly slug?: string,
    readonly description?: string,
  ) {
    super(scope);
  }
}
