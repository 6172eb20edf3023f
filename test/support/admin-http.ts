import type { TenantPurpose, TokenRole } from '@wharf/events';
import { httpCall, HttpCallOptions } from './http-call';

/** The answer to creating a token: the only time its string is shown. */
export interface IssuedTokenAnswer {
  tokenId: string;
  tenant: string;
  name: string;
  role: TokenRole;
  namespace: string | null;
  expiresAt: string | null;
  createdAt: string;
  token: string;
}

/** A token as the token list shows it (never the secret). */
export interface TokenListing {
  tokenId: string;
  tenant: string;
  name: string;
  role: TokenRole;
  namespace: string | null;
  createdAt: string;
  createdBy: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revoked: boolean;
  revokedAt: string | null;
}

export interface TenantAnswer {
  slug: string;
  name: string;
  purpose: TenantPurpose;
  archived?: boolean;
}

export interface IssueTokenInput {
  name: string;
  role: TokenRole;
  namespace?: string;
  /** ISO date-time in the future, or "never"; absent → the default expiry. */
  expiresAt?: string;
}

/**
 * The administrative routes of the tenant service over plain HTTP (through the edge), so the
 * security tests depend on the HTTP contract only, not on a client library. Every call expects a
 * 2xx and throws with the status and body otherwise. Acts with the operator token unless a token
 * is given.
 */
export class AdminHttp {
  constructor(
    private readonly url: string,
    private operatorToken: string,
  ) {}

  /** After a rotation the old operator token is refused: act with the new one from now on. */
  useOperatorToken(token: string): void {
    this.operatorToken = token;
  }

  createTenant(name: string, purpose: TenantPurpose = 'development'): Promise<TenantAnswer> {
    return this.expect2xx('/api/v1/tenants', { method: 'POST', body: { name, purpose } });
  }

  getTenant(slug: string): Promise<TenantAnswer> {
    return this.expect2xx(`/api/v1/tenants/${slug}`);
  }

  archiveTenant(slug: string): Promise<unknown> {
    return this.expect2xx(`/api/v1/tenants/${slug}/archive`, { method: 'POST' });
  }

  issueToken(tenant: string, input: IssueTokenInput, asToken?: string): Promise<IssuedTokenAnswer> {
    return this.expect2xx(`/api/v1/tenants/${tenant}/tokens`, { method: 'POST', body: input, token: asToken });
  }

  listTokens(tenant: string, asToken?: string): Promise<TokenListing[]> {
    return this.expect2xx(`/api/v1/tenants/${tenant}/tokens`, { token: asToken });
  }

  revokeToken(tenant: string, tokenId: string, asToken?: string): Promise<TokenListing> {
    return this.expect2xx(`/api/v1/tenants/${tenant}/tokens/${tokenId}`, { method: 'DELETE', token: asToken });
  }

  rotateOperatorToken(): Promise<{ tokenId: string; token: string; createdAt: string }> {
    return this.expect2xx('/api/v1/operator/token/rotate', { method: 'POST' });
  }

  private async expect2xx<T>(path: string, options: HttpCallOptions = {}): Promise<T> {
    const method = options.method ?? 'GET';
    const answer = await httpCall<T>(this.url, path, { ...options, token: options.token ?? this.operatorToken });
    if (answer.status < 200 || answer.status >= 300) {
      throw new Error(`${method} ${path} answered ${answer.status}: ${answer.text}`);
    }
    return answer.body;
  }
}
