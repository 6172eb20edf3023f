import { Injectable } from '@nestjs/common';
import { EventStore } from '@wharf/event-store';
import { conflict, forbidden } from '@wharf/service-kit';
import { decideAndAppend } from '../../../shared/decide-and-append';
import { TenantView } from '../../dtos/tenant.view';
import { TenantAlreadyExistsError, tenantDecider } from '../../tenant.decider';
import { generateTenantSlug, randomSlugSuffix } from '../../tenant-slug';
import { tenantLocation } from '../../tenant.stream';
import { CreateTenantCommand } from './create-tenant.command';

/** Generated slugs that may turn out taken before giving up (each draw has ~1.7 million options). */
const SLUG_DRAWS = 5;

@Injectable()
export class CreateTenantUseCase {
  constructor(private readonly store: EventStore) {}

  /**
   * Creates the tenant. Its slug is unique because `tenant.created` is appended to the tenant's own
   * subject expecting it empty: a given slug that is taken is a 409, a generated one is drawn again.
   */
  async execute(command: CreateTenantCommand): Promise<TenantView> {
    if (!command.scope.operator) throw forbidden('only the operator token can create tenants');
    const { name, purpose, description } = command;
    for (let draw = 1; ; draw += 1) {
      const slug = command.slug ?? generateTenantSlug(name, randomSlugSuffix());
      try {
        const { events } = await decideAndAppend(this.store, {
          location: tenantLocation(slug),
          decider: tenantDecider,
          command: { kind: 'create-tenant', slug, name, purpose, description },
          actor: command.scope.actor,
        });
        return TenantView.of({
          slug,
          name,
          purpose,
          description: description || null,
          createdAt: events[0].occurredAt,
          archived: false,
          archivedAt: null,
        });
      } catch (err) {
        if (!(err instanceof TenantAlreadyExistsError)) throw err;
        if (command.slug !== undefined) throw conflict(`tenant "${slug}" already exists; choose another slug`);
        if (draw >= SLUG_DRAWS) throw conflict('could not find a free tenant slug; give one with "slug"');
      }
    }
  }
}
