import { TokenRole } from '@wharf/events';

/** Who a valid token is: what the guard decides access from. */
export interface Principal {
  tokenId: string;
  tenant: string;
  operator: boolean;
  role: TokenRole;
  /** The one namespace the token may act in, or null for every namespace of its tenant. */
  namespace: string | null;
}

/** Why a presented token opens nothing; every reason is a 401. */
export type TokenRefusal = 'missing' | 'malformed' | 'unknown' | 'revoked' | 'expired' | 'archived';

export type Authentication = { ok: true; principal: Principal } | { ok: false; refusal: TokenRefusal };

export const REFUSAL_MESSAGES: Readonly<Record<TokenRefusal, string>> = {
  missing: 'missing bearer token: send "Authorization: Bearer <token>"',
  malformed: 'malformed token: Wharf tokens look like wharf_<16 hex>_<43 base64url characters>',
  unknown: 'unknown token',
  revoked: 'this token was revoked',
  expired: 'this token has expired: create a new one',
  archived: "this token's tenant is archived",
};
