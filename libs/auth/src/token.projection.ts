import { EntityManager } from 'typeorm';
import { AnyStoredEvent } from '@wharf/events';
import { Projection } from '@wharf/projections';
import { ArchivedTenantEntity } from './archived-tenant.entity';
import { TokenEntity } from './token.entity';

/** What every service needs to authenticate: token hashes, their limits, and archived tenants. */
export class TokenProjection implements Projection {
  readonly entities = [TokenEntity, ArchivedTenantEntity];
  readonly aggregateTypes = ['token', 'tenant'] as const;

  async apply(event: AnyStoredEvent, em: EntityManager): Promise<void> {
    switch (event.type) {
      case 'token.created':
        await em.insert(TokenEntity, {
          tokenId: event.payload.tokenId,
          tenant: event.payload.tenant,
          name: event.payload.name,
          hash: event.payload.hash,
          operator: event.payload.operator,
          // Tokens recorded before roles, bindings and expiry existed keep the powers they had.
          role: event.payload.role ?? 'admin',
          namespace: event.payload.namespace ?? null,
          expiresAt: event.payload.expiresAt ?? null,
          revoked: false,
          revokedAt: null,
          createdAt: event.occurredAt,
          createdBy: event.actor,
        });
        return;
      case 'token.revoked':
        await em.update(
          TokenEntity,
          { tokenId: event.payload.tokenId, revoked: false },
          { revoked: true, revokedAt: event.occurredAt },
        );
        return;
      case 'operator-token.rotated':
        await em.update(
          TokenEntity,
          { tokenId: event.payload.previousTokenId, revoked: false },
          { revoked: true, revokedAt: event.occurredAt },
        );
        await em.insert(TokenEntity, {
          tokenId: event.payload.tokenId,
          tenant: event.tenant,
          name: 'operator',
          hash: event.payload.hash,
          operator: true,
          role: 'admin',
          namespace: null,
          expiresAt: null,
          revoked: false,
          revokedAt: null,
          createdAt: event.occurredAt,
          createdBy: event.actor,
        });
        return;
      case 'tenant.archived':
        await em
          .createQueryBuilder()
          .insert()
          .into(ArchivedTenantEntity)
          .values({ slug: event.payload.slug, archivedAt: event.occurredAt })
          .orIgnore()
          .execute();
        return;
      default:
        return;
    }
  }
}
