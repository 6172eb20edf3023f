import type { TenantPurpose } from '@wharf/events';
import { assertName } from '@wharf/names';
import { HttpClient, pathSegment } from '../http-client';

export type { TenantPurpose };

export interface Tenant {
  slug: string;
  name: string;
  purpose: TenantPurpose;
  createdAt: string;
}

export interface CreateTenantInput {
  name: string;
  purpose: TenantPurpose;
  /** Becomes a subject token; derived from `name` by the tenant service when omitted. */
  slug?: string;
}

/** `/api/v1/tenants`: creating tenants needs the operator token; a tenant token sees only its own tenant. */
export class TenantsResource {
  constructor(private readonly http: HttpClient) {}

  create(input: CreateTenantInput): Promise<Tenant> {
    if (input.slug !== undefined) assertName('tenant', input.slug, 'slug');
    return this.http.request<Tenant>('POST', '/api/v1/tenants', { body: input });
  }

  list(): Promise<Tenant[]> {
    return this.http.request<Tenant[]>('GET', '/api/v1/tenants');
  }

  get(tenant: string): Promise<Tenant> {
    assertName('tenant', tenant);
    return this.http.request<Tenant>('GET', `/api/v1/tenants/${pathSegment(tenant)}`);
  }
}
