import { Injectable } from '@nestjs/common';
import { EventStore } from '@wharf/event-store';
import { notFound } from '@wharf/service-kit';
import { decideAndAppend } from '../../../shared/decide-and-append';
import { canAccessTenant } from '../../../shared/tenant-access';
import { TokenView } from '../../dtos/token.view';
import { TokenReadModel } from '../../token-read-model';
import { TokenNotFoundError, tokenDecider } from '../../token.decider';
import { tokenLocation } from '../../token.stream';
import { RevokeTokenCommand } from './revoke-token.command';

@Injectable()
export class RevokeTokenUseCase {
  constructor(
    private readonly store: EventStore,
    private readonly tokens: TokenReadModel,
  ) {}

  /**
   * Records `token.revoked`; a token already revoked records nothing and is answered the same way.
   * 404 for a tenant out of reach or a token the tenant does not have. Answers once this service's
   * read model has applied the revocation, so the token is refused here as soon as the answer
   * arrives (other services follow as they project it).
   */
  async execute(command: RevokeTokenCommand): Promise<TokenView> {
    const { scope, tenant, tokenId } = command;
    if (!canAccessTenant(scope, tenant)) throw notFound('tenant', tenant);
    const { lastSeq } = await decideAndAppend(this.store, {
      location: tokenLocation(tenant, tokenId),
      decider: tokenDecider,
      command: { kind: 'revoke-token', tokenId },
      actor: scope.actor,
    }).catch((err: unknown) => {
      throw err instanceof TokenNotFoundError ? notFound('token', tokenId) : err;
    });
    const view = await this.tokens.findAsOf(tenant, tokenId, lastSeq);
    if (view === null) throw notFound('token', tokenId);
    return view;
  }
}
