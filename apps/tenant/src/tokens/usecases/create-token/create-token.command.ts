import { RequestScope } from '@wharf/auth';
import { ScopedCommand } from '../../../shared/scoped-command';

export class CreateTokenCommand extends ScopedCommand {
  constructor(
    scope: RequestScope,
    readonly tenant: string,
    readonly name: string,
  ) {
    super(scope);
  }
}
