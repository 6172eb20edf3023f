import { Wharf } from '@wharf/sdk';
import { WharfCluster } from './wharf-cluster';

export interface TenantFixture {
  slug: string;
  token: string;
  /** A client of the tenant in `namespace`. */
  client(namespace?: string): Wharf;
}

/** Creates a tenant with the operator token and issues one token for it. */
export async function createTenant(cluster: WharfCluster, name: string): Promise<TenantFixture> {
  const operator = new Wharf({ url: cluster.url, token: cluster.operatorToken });
  const tenant = await operator.tenants.create({ name, purpose: 'development' });
  const { token } = await operator.tokens.create(tenant.slug, { name: 'e2e' });
  return {
    slug: tenant.slug,
    token,
    client: (namespace = 'default') => new Wharf({ url: cluster.url, token, namespace }),
  };
}
