import { TENANT_PURPOSES, TenantPurpose } from '@wharf/events';
import { assertName, NameRuleError } from '@wharf/names';
import { Decider, DomainEvent } from '@wharf/events';
import { tenantNameViolation } from './tenant-name.rule';

export type TenantState =
  { status: 'absent' } | { status: 'created'; slug: string; name: string; purpose: TenantPurpose };

export interface CreateTenant {
  kind: 'create-tenant';
  slug: string;
  name: string;
  purpose: TenantPurpose;
}

export type TenantCommand = CreateTenant;
export type TenantEvent = DomainEvent<'tenant.created'>;

export class TenantAlreadyExistsError extends Error {
  constructor(readonly slug: string) {
    super(`tenant "${slug}" already exists`);
    this.name = 'TenantAlreadyExistsError';
  }
}

function createTenant(command: CreateTenant, state: TenantState): TenantEvent[] {
  if (state.status !== 'absent') throw new TenantAlreadyExistsError(command.slug);
  // The HTTP layer checks these too; the decider guards them for every other caller.
  assertName('tenant', command.slug, 'slug');
  const nameViolation = tenantNameViolation(command.name);
  if (nameViolation !== null) throw new NameRuleError('name', nameViolation, command.name);
  if (!TENANT_PURPOSES.includes(command.purpose)) {
    throw new NameRuleError('purpose', `must be one of ${TENANT_PURPOSES.join(', ')}`, command.purpose);
  }
  return [{ type: 'tenant.created', payload: { slug: command.slug, name: command.name, purpose: command.purpose } }];
}

/** A tenant is created once, under a slug no other tenant has ever had. */
export const tenantDecider: Decider<TenantCommand, TenantState, TenantEvent> = {
  initialState: { status: 'absent' },

  decide(command, state) {
    switch (command.kind) {
      case 'create-tenant':
        return createTenant(command, state);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'tenant.created':
        return { status: 'created', ...event.payload };
      default:
        return state;
    }
  },
};
