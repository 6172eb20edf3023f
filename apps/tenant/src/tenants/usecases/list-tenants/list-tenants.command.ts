import { RequestScope } from '@wharf/auth';
import { ScopedCommand } from '../../../shared/scoped-command';

export class ListTenantsCommand extends ScopedCommand {
  constructor(scope: RequestScope) {
    super(scope);
  }
}
