import { RequestScope } from '@wharf/auth';
import { TokenRole } from '@wharf/events';
import { ScopedCommand } from '../../../shared/scoped-command';

export class CreateTokenCommand extends ScopedCommand {
  constructor(
    scope: RequestScope,
    readonly tenant: string,
    readonly name: string,
    readonly role: TokenRole,
    /** Absent: the token acts in every namespace of the tenant. */
    readonly namespace?: string,
    /** An ISO date-time, "never", or absent for the default lifetime. */
    readonly expiresAt?: string,
  ) {
    super(scope);
  }
}
