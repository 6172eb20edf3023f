import { Decider, DomainEvent, TENANT_PURPOSES, TenantPurpose } from '@wharf/events';
import { assertName, NameRuleError } from '@wharf/names';
import { tenantDescriptionViolation } from './tenant-description.rule';
import { tenantNameViolation } from './tenant-name.rule';

export type TenantState =
  | { status: 'absent' }
  | {
      status: 'active' | 'archived';
      slug: string;
      name: string;
      purpose: TenantPurpose;
      /** Null when the tenant has none (an empty description removes it). */
      description: string | null;
    };

export interface CreateTenant {
  kind: 'create-tenant';
  slug: string;
  name: string;
  purpose: TenantPurpose;
  description?: string;
}

/** Renames and/or describes the tenant; a field left out (or equal to the current value) changes nothing. */
export interface UpdateTenant {
  kind: 'update-tenant';
  slug: string;
  name?: string;
  description?: string;
}

export interface ArchiveTenant {
  kind: 'archive-tenant';
  slug: string;
}

export type TenantCommand = CreateTenant | UpdateTenant | ArchiveTenant;
export type TenantEvent = DomainEvent<'tenant.created' | 'tenant.renamed' | 'tenant.described' | 'tenant.archived'>;

export class TenantAlreadyExistsError extends Error {
  constructor(readonly slug: string) {
    super(`tenant "${slug}" already exists`);
    this.name = 'TenantAlreadyExistsError';
  }
}

export class TenantNotFoundError extends Error {
  constructor(readonly slug: string) {
    super(`tenant "${slug}" not found`);
    this.name = 'TenantNotFoundError';
  }
}

/** An archived tenant is history: it can be read, never changed again. */
export class TenantArchivedError extends Error {
  constructor(readonly slug: string) {
    super(`tenant "${slug}" is archived: it can no longer be changed`);
    this.name = 'TenantArchivedError';
  }
}

export class TenantAlreadyArchivedError extends Error {
  constructor(readonly slug: string) {
    super(`tenant "${slug}" is already archived`);
    this.name = 'TenantAlreadyArchivedError';
  }
}

function assertNameRule(field: string, violation: string | null, value: unknown): void {
  if (violation !== null) throw new NameRuleError(field, violation, value);
}

/** A stored description: empty means none, so it is left out. */
function presentDescription(description: string | undefined): string | null {
  return description === undefined || description === '' ? null : description;
}

function createTenant(command: CreateTenant, state: TenantState): TenantEvent[] {
  if (state.status !== 'absent') throw new TenantAlreadyExistsError(command.slug);
  // The HTTP layer checks these too; the decider guards them for every other caller.
  assertName('tenant', command.slug, 'slug');
  assertNameRule('name', tenantNameViolation(command.name), command.name);
  if (!TENANT_PURPOSES.includes(command.purpose)) {
    throw new NameRuleError('purpose', `must be one of ${TENANT_PURPOSES.join(', ')}`, command.purpose);
  }
  if (command.description !== undefined) {
    assertNameRule('description', tenantDescriptionViolation(command.description), command.description);
  }
  const { slug, name, purpose } = command;
  const description = presentDescription(command.description);
  return [
    {
      type: 'tenant.created',
      payload: description === null ? { slug, name, purpose } : { slug, name, purpose, description },
    },
  ];
}

function liveTenant(state: TenantState, slug: string): Exclude<TenantState, { status: 'absent' }> {
  if (state.status === 'absent') throw new TenantNotFoundError(slug);
  if (state.status === 'archived') throw new TenantArchivedError(slug);
  return state;
}

/**
 * One event per field that really changes, so a repeated request records nothing. The two events
 * are appended one after the other (NATS 2.9 has no atomic batch); should only the first land, the
 * same request again records only the missing one.
 */
function updateTenant(command: UpdateTenant, state: TenantState): TenantEvent[] {
  const tenant = liveTenant(state, command.slug);
  if (command.name !== undefined) assertNameRule('name', tenantNameViolation(command.name), command.name);
  if (command.description !== undefined) {
    assertNameRule('description', tenantDescriptionViolation(command.description), command.description);
  }
  const events: TenantEvent[] = [];
  if (command.name !== undefined && command.name !== tenant.name) {
    events.push({
      type: 'tenant.renamed',
      payload: { slug: tenant.slug, previousName: tenant.name, name: command.name },
    });
  }
  if (command.description !== undefined && presentDescription(command.description) !== tenant.description) {
    events.push({ type: 'tenant.described', payload: { slug: tenant.slug, description: command.description } });
  }
  return events;
}

function archiveTenant(command: ArchiveTenant, state: TenantState): TenantEvent[] {
  if (state.status === 'archived') throw new TenantAlreadyArchivedError(command.slug);
  const tenant = liveTenant(state, command.slug);
  return [{ type: 'tenant.archived', payload: { slug: tenant.slug } }];
}

/**
 * A tenant is created once, under a slug no other tenant has ever had; it may be renamed and
 * described while active; archiving is final.
 */
export const tenantDecider: Decider<TenantCommand, TenantState, TenantEvent> = {
  initialState: { status: 'absent' },

  decide(command, state) {
    switch (command.kind) {
      case 'create-tenant':
        return createTenant(command, state);
      case 'update-tenant':
        return updateTenant(command, state);
      case 'archive-tenant':
        return archiveTenant(command, state);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'tenant.created': {
        const { slug, name, purpose, description } = event.payload;
        return { status: 'active', slug, name, purpose, description: presentDescription(description) };
      }
      case 'tenant.renamed':
        return state.status === 'absent' ? state : { ...state, name: event.payload.name };
      case 'tenant.described':
        return state.status === 'absent'
          ? state
          : { ...state, description: presentDescription(event.payload.description) };
      case 'tenant.archived':
        return state.status === 'absent' ? state : { ...state, status: 'archived' };
      default:
        return state;
    }
  },
};
