import { TOKEN_ROLES, type TokenRole } from '@wharf/events';
import { assertName, isoDateTimeInstant } from '@wharf/names';
import { HttpClient, pathSegment } from '../http-client';
import { WharfInputError } from '../wharf-input-error';

export type { TokenRole };

/** The literal that asks for a token that never expires; leaving `expiresAt` out means 90 days. */
export const NEVER_EXPIRES = 'never';

/** A token as listed: everything but the secret, which Wharf never keeps. */
export interface TokenView {
  tokenId: string;
  tenant: string;
  name: string;
  role: TokenRole;
  /** The one namespace the token may act in; null for every namespace of the tenant. */
  namespace: string | null;
  createdAt: string;
  /** Token id of whoever created it (the operator token's id, or an admin token's). */
  createdBy: string;
  /** Null for a token that never expires. */
  expiresAt: string | null;
  /** Recorded at most once a minute per token; null when never used. */
  lastUsedAt: string | null;
  revoked: boolean;
  revokedAt: string | null;
}

/** A token just created: `token` is the secret, shown only in this one answer. */
export interface CreatedToken {
  tokenId: string;
  tenant: string;
  name: string;
  role: TokenRole;
  namespace: string | null;
  expiresAt: string | null;
  createdAt: string;
  token: string;
}

export interface CreateTokenInput {
  /** What the token is for, e.g. `ci` or `ada-laptop`. */
  name: string;
  role: TokenRole;
  /** Binds the token to one namespace; left out (or null), it acts in every namespace. */
  namespace?: string | null;
  /**
   * An ISO 8601 date-time with a time zone, in the future, or `'never'`; left out, the token
   * expires 90 days after it is created.
   */
  expiresAt?: string;
}

const TOKEN_ID = /^[0-9a-f]{16}$/;

/** Validates a new token before it is sent, naming the field as the tenant service would. */
export function assertCreateTokenInput(tenant: string, input: CreateTokenInput): void {
  assertName('tenant', tenant);
  assertName('tokenName', input.name, 'name');
  if (!TOKEN_ROLES.includes(input.role)) throw new WharfInputError('role', `must be one of ${TOKEN_ROLES.join(', ')}`);
  if (input.namespace !== undefined && input.namespace !== null) assertName('namespace', input.namespace, 'namespace');
  const { expiresAt } = input;
  if (
    expiresAt !== undefined &&
    expiresAt !== NEVER_EXPIRES &&
    (typeof expiresAt !== 'string' || isoDateTimeInstant(expiresAt) === null)
  ) {
    throw new WharfInputError(
      'expiresAt',
      `must be "${NEVER_EXPIRES}" or an ISO 8601 date-time with a time zone, e.g. 2030-01-31T00:00:00Z`,
    );
  }
}

/** Token ids become subject tokens: only their own shape is sent, as the tenant service checks. */
function assertTokenId(tokenId: string): void {
  if (typeof tokenId !== 'string' || !TOKEN_ID.test(tokenId)) {
    throw new WharfInputError('tokenId', 'must be 16 lower-case hexadecimal digits (the tokenId of a token)');
  }
}

/**
 * `/api/v1/tenants/{tenant}/tokens`: the operator token, or an admin token of that tenant not
 * bound to a namespace.
 */
export class TokensResource {
  constructor(private readonly http: HttpClient) {}

  create(tenant: string, input: CreateTokenInput): Promise<CreatedToken> {
    assertCreateTokenInput(tenant, input);
    const body: Record<string, unknown> = { name: input.name, role: input.role };
    if (input.namespace !== undefined && input.namespace !== null) body.namespace = input.namespace;
    if (input.expiresAt !== undefined) body.expiresAt = input.expiresAt;
    return this.http.request<CreatedToken>('POST', `/api/v1/tenants/${pathSegment(tenant)}/tokens`, { body });
  }

  list(tenant: string): Promise<TokenView[]> {
    assertName('tenant', tenant);
    return this.http.request<TokenView[]>('GET', `/api/v1/tenants/${pathSegment(tenant)}/tokens`);
  }

  /**
   * Revokes the token: every service refuses it from then on. Revoking a revoked token answers the
   * same view again.
   */
  revoke(tenant: string, tokenId: string): Promise<TokenView> {
    assertName('tenant', tenant);
    assertTokenId(tokenId);
    return this.http.request<TokenView>(
      'DELETE',
      `/api/v1/tenants/${pathSegment(tenant)}/tokens/${pathSegment(tokenId)}`,
    );
  }
}
