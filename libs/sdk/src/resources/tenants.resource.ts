import { TENANT_PURPOSES, type TenantPurpose } from '@wharf/events';
import { assertName } from '@wharf/names';
import { HttpClient, pathSegment } from '../http-client';
import { WharfInputError } from '../wharf-input-error';

export type { TenantPurpose };

/** A tenant as the tenant service shows it. */
export interface TenantView {
  slug: string;
  name: string;
  purpose: TenantPurpose;
  description: string | null;
  createdAt: string;
  /** An archived tenant refuses every one of its tokens; its history stays readable to the operator. */
  archived: boolean;
  archivedAt: string | null;
}

export interface CreateTenantInput {
  /** Display name, free text for people. */
  name: string;
  purpose: TenantPurpose;
  /** Becomes a subject token; derived from `name` by the tenant service when omitted. */
  slug?: string;
  description?: string;
}

/** What `update` changes; what is left out stays as it is. */
export interface UpdateTenantInput {
  name?: string;
  description?: string;
}

/** Validates a new tenant before it is sent, naming the field as the tenant service would. */
export function assertCreateTenantInput(input: CreateTenantInput): void {
  if (!TENANT_PURPOSES.includes(input.purpose)) {
    throw new WharfInputError('purpose', `must be one of ${TENANT_PURPOSES.join(', ')}`);
  }
  if (input.slug !== undefined) assertName('tenant', input.slug, 'slug');
}

/** Validates an update: a tenant slug and at least one thing to change. */
export function assertUpdateTenantInput(tenant: string, input: UpdateTenantInput): void {
  assertName('tenant', tenant);
  if (input.name === undefined && input.description === undefined) {
    throw new WharfInputError('name', 'give a new name, a new description, or both');
  }
}

/**
 * `/api/v1/tenants`: creating and archiving tenants needs the operator token; renaming and
 * describing the operator or an admin token of the tenant; a tenant token sees only its own tenant.
 */
export class TenantsResource {
  constructor(private readonly http: HttpClient) {}

  create(input: CreateTenantInput): Promise<TenantView> {
    assertCreateTenantInput(input);
    const body: Record<string, unknown> = { name: input.name, purpose: input.purpose };
    if (input.slug !== undefined) body.slug = input.slug;
    if (input.description !== undefined) body.description = input.description;
    return this.http.request<TenantView>('POST', '/api/v1/tenants', { body });
  }

  /** Every tenant, archived ones included (for the operator); a tenant token gets its own. */
  list(): Promise<TenantView[]> {
    return this.http.request<TenantView[]>('GET', '/api/v1/tenants');
  }

  get(tenant: string): Promise<TenantView> {
    assertName('tenant', tenant);
    return this.http.request<TenantView>('GET', `/api/v1/tenants/${pathSegment(tenant)}`);
  }

  /** Renames the tenant and/or changes its description; its slug never changes. */
  update(tenant: string, input: UpdateTenantInput): Promise<TenantView> {
    assertUpdateTenantInput(tenant, input);
    const body: Record<string, unknown> = {};
    if (input.name !== undefined) body.name = input.name;
    if (input.description !== undefined) body.description = input.description;
    return this.http.request<TenantView>('PATCH', `/api/v1/tenants/${pathSegment(tenant)}`, { body });
  }

  /**
   * Archives the tenant (operator token only): every token of the tenant is refused from then on.
   * Irreversible; archiving an archived tenant is a 409.
   */
  archive(tenant: string): Promise<TenantView> {
    assertName('tenant', tenant);
    return this.http.request<TenantView>('POST', `/api/v1/tenants/${pathSegment(tenant)}/archive`);
  }
}
