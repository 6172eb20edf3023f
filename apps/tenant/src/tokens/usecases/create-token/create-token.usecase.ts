import { Injectable } from '@nestjs/common';
import { issueToken } from '@wharf/auth';
import { EventStore } from '@wharf/event-store';
import { notFound } from '@wharf/service-kit';
import { decideAndAppend } from '../../../shared/decide-and-append';
import { canAccessTenant } from '../../../shared/tenant-access';
import { TenantReadModel } from '../../../tenants/tenant-read-model';
import { CreatedTokenView } from '../../dtos/created-token.view';
import { TokenAlreadyExistsError, tokenDecider } from '../../token.decider';
import { tokenLocation } from '../../token.stream';
import { CreateTokenCommand } from './create-token.command';

/** Token ids are 64 random bits; a taken one is drawn again this many times at most. */
const TOKEN_DRAWS = 3;

@Injectable()
export class CreateTokenUseCase {
  constructor(
    private readonly store: EventStore,
    private readonly tenants: TenantReadModel,
  ) {}

  /**
   * Issues a token for an existing tenant and records only its hash. The token string leaves this
   * method in the answer and nowhere else.
   */
  async execute(command: CreateTokenCommand): Promise<CreatedTokenView> {
    const { scope, tenant, name } = command;
    if (!canAccessTenant(scope, tenant) || (await this.tenants.find(tenant)) === null) {
      throw notFound('tenant', tenant);
    }
    for (let draw = 1; ; draw += 1) {
      const issued = issueToken();
      try {
        const [created] = await decideAndAppend(this.store, {
          location: tokenLocation(tenant, issued.tokenId),
          decider: tokenDecider,
          command: { kind: 'create-token', tokenId: issued.tokenId, tenant, name, hash: issued.hash, operator: false },
          actor: scope.actor,
        });
        return Object.assign(new CreatedTokenView(), {
          tokenId: issued.tokenId,
          tenant,
          name,
          token: issued.token,
          createdAt: created.occurredAt,
        });
      } catch (err) {
        if (!(err instanceof TokenAlreadyExistsError) || draw >= TOKEN_DRAWS) throw err;
      }
    }
  }
}
