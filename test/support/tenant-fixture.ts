import { CreateTokenInput, Wharf } from '@wharf/sdk';
import { WharfCluster } from './wharf-cluster';

export interface TenantFixture {
  slug: string;
  token: string;
  tokenId: string;
  /** A client of the tenant in `namespace`. */
  client(namespace?: string): Wharf;
}

/** How the fixture's token is issued; by default an admin of every namespace with the default expiry. */
export type FixtureTokenOptions = Partial<Pick<CreateTokenInput, 'role' | 'namespace' | 'expiresAt'>>;

/** Creates a tenant with the operator token and issues one token for it (role `admin` unless told). */
export async function createTenant(
  cluster: WharfCluster,
  name: string,
  options: FixtureTokenOptions = {},
): Promise<TenantFixture> {
  const operator = new Wharf({ url: cluster.url, token: cluster.operatorToken, tenant: null });
  const tenant = await operator.tenants.create({ name, purpose: 'development' });
  const { token, tokenId } = await operator.tokens.create(tenant.slug, {
    name: 'e2e',
    role: options.role ?? 'admin',
    namespace: options.namespace,
    expiresAt: options.expiresAt,
  });
  return {
    slug: tenant.slug,
    token,
    tokenId,
    client: (namespace = options.namespace ?? 'default') =>
      new Wharf({ url: cluster.url, token, namespace, tenant: null }),
  };
}
