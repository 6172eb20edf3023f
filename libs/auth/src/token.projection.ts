import { EntityManager } from 'typeorm';
import { AnyStoredEvent } from '@wharf/events';
import { Projection } from '@wharf/projections';
import { TokenEntity } from './token.entity';

export class TokenProjection implements Projection {
  readonly entities = [TokenEntity];
  readonly aggregateTypes = ['token'] as const;

  async apply(event: AnyStoredEvent, em: EntityManager): Promise<void> {
    switch (event.type) {
      case 'token.created':
        await em.insert(TokenEntity, {
          tokenId: event.payload.tokenId,
          tenant: event.payload.tenant,
          name: event.payload.name,
          hash: event.payload.hash,
          operator: event.payload.operator,
          revoked: false,
          createdAt: event.occurredAt,
          createdBy: event.actor,
        });
        return;
      case 'token.revoked':
        await em.update(TokenEntity, { tokenId: event.payload.tokenId }, { revoked: true });
        return;
      default:
        return;
    }
  }
}
