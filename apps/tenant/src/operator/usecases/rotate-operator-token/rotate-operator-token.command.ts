import { RequestScope } from '@wharf/auth';
import { ScopedCommand } from '../../../shared/scoped-command';

export class RotateOperatorTokenCommand extends ScopedCommand {
  constructor(scope: RequestScope) {
    super(scope);
  }
}
