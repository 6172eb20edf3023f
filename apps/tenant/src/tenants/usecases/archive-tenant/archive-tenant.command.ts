import { RequestScope } from '@wharf/auth';
import { ScopedCommand } from '../../../shared/scoped-command';

export class ArchiveTenantCommand extends ScopedCommand {
  constructor(
    scope: RequestScope,
    readonly tenant: string,
  ) {
    super(scope);
  }
}
