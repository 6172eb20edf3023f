import { assertName } from '@wharf/names';
import { HttpClient, pathSegment } from '../http-client';

export interface TokenInfo {
  tokenId: string;
  tenant: string;
  name: string;
  createdAt: string;
  revoked: boolean;
}

/** A token just created: `token` is the secret, shown only in this one answer. */
export interface CreatedToken {
  tokenId: string;
  tenant: string;
  name: string;
  token: string;
  createdAt: string;
}

/** `/api/v1/tenants/{tenant}/tokens`: the operator, or a token of that tenant. */
export class TokensResource {
  constructor(private readonly http: HttpClient) {}

  create(tenant: string, input: { name: string }): Promise<CreatedToken> {
    assertName('tenant', tenant);
    assertName('tokenName', input.name, 'name');
    return this.http.request<CreatedToken>('POST', `/api/v1/tenants/${pathSegment(tenant)}/tokens`, {
      body: { name: input.name },
    });
  }

  list(tenant: string): Promise<TokenInfo[]> {
    assertName('tenant', tenant);
    return this.http.request<TokenInfo[]>('GET', `/api/v1/tenants/${pathSegment(tenant)}/tokens`);
  }
}
