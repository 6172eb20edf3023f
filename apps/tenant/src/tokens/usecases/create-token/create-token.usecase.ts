import { Injectable } from '@nestjs/common';
import { issueToken } from '@wharf/auth';
import { EventStore } from '@wharf/event-store';
import { conflict, notFound } from '@wharf/service-kit';
import { decideAndAppend, loadAggregate } from '../../../shared/decide-and-append';
import { canAccessTenant } from '../../../shared/tenant-access';
import { tenantDecider } from '../../../tenants/tenant.decider';
import { tenantLocation } from '../../../tenants/tenant.stream';
import { CreatedTokenView } from '../../dtos/created-token.view';
import { resolveTokenExpiry } from '../../token-expiry.rule';
import { TokenAlreadyExistsError, tokenDecider } from '../../token.decider';
import { tokenLocation } from '../../token.stream';
import { CreateTokenCommand } from './create-token.command';

/** Token ids are 64 random bits; a taken one is drawn again this many times at most. */
const TOKEN_DRAWS = 3;

@Injectable()
export class CreateTokenUseCase {
  constructor(private readonly store: EventStore) {}

  /**
   * Issues a token for an existing, active tenant and records only its hash, with its role,
   * namespace binding and expiry. 404 for a tenant out of reach, 409 for an archived one. The
   * token string leaves this method in the answer and nowhere else.
   */
  async execute(command: CreateTokenCommand): Promise<CreatedTokenView> {
    const { scope, tenant, name, role } = command;
    if (!canAccessTenant(scope, tenant)) throw notFound('tenant', tenant);
    // The tenant's own subject, not the read model: it is never behind an archive.
    const { state } = await loadAggregate(this.store, tenantLocation(tenant), tenantDecider);
    if (state.status === 'absent') throw notFound('tenant', tenant);
    if (state.status === 'archived') throw conflict(`tenant "${tenant}" is archived: it takes no new tokens`);
    const now = Date.now();
    const namespace = command.namespace ?? null;
    const expiresAt = resolveTokenExpiry(command.expiresAt, now);
    for (let draw = 1; ; draw += 1) {
      const issued = issueToken();
      try {
        const { events } = await decideAndAppend(this.store, {
          location: tokenLocation(tenant, issued.tokenId),
          decider: tokenDecider,
          command: {
            kind: 'create-token',
            tokenId: issued.tokenId,
            tenant,
            name,
            hash: issued.hash,
            operator: false,
            role,
            namespace,
            expiresAt,
            now,
          },
          actor: scope.actor,
        });
        return Object.assign(new CreatedTokenView(), {
          tokenId: issued.tokenId,
          tenant,
          name,
          role,
          namespace,
          expiresAt,
          createdAt: events[0].occurredAt,
          token: issued.token,
        });
      } catch (err) {
        if (!(err instanceof TokenAlreadyExistsError) || draw >= TOKEN_DRAWS) throw err;
      }
    }
  }
}
