import { RequestScope } from '@wharf/auth';
import { ScopedCommand } from '../../../shared/scoped-command';

export class RevokeTokenCommand extends ScopedCommand {
  constructor(
    scope: RequestScope,
    readonly tenant: string,
    readonly tokenId: string,
  ) {
    super(scope);
  }
}
