import { assertName, NameRuleError, SYSTEM_TENANT } from '@wharf/names';
import { Decider, DomainEvent, TOKEN_ROLES, TokenRole } from '@wharf/events';
import { tokenExpiryViolation } from './token-expiry.rule';

export type TokenState =
  | { status: 'absent' }
  | { status: 'active' | 'revoked'; tokenId: string; tenant: string; name: string; operator: boolean };

export interface CreateToken {
  kind: 'create-token';
  tokenId: string;
  tenant: string;
  name: string;
  /** Hex SHA-256 of the token string; the string itself never reaches the decider. */
  hash: string;
  operator: boolean;
  /** What a tenant token may do; null for the operator token, which acts on tenants, not in them. */
  role: TokenRole | null;
  /** The one namespace a tenant token may act in; null for all (and for the operator token). */
  namespace: string | null;
  /** Canonical ISO time from which the token is refused; null for never. */
  expiresAt: string | null;
  /** When the command is decided (ms since the epoch): an expiry must lie after it. */
  now: number;
}

export interface RevokeToken {
  kind: 'revoke-token';
  tokenId: string;
}

export type TokenCommand = CreateToken | RevokeToken;
export type TokenEvent = DomainEvent<'token.created' | 'token.revoked'>;

export class TokenAlreadyExistsError extends Error {
  constructor(readonly tokenId: string) {
    super(`token "${tokenId}" already exists`);
    this.name = 'TokenAlreadyExistsError';
  }
}

export class TokenNotFoundError extends Error {
  constructor(readonly tokenId: string) {
    super(`token "${tokenId}" not found`);
    this.name = 'TokenNotFoundError';
  }
}

/** A command that breaks an invariant no HTTP input can reach: a bug in the caller. */
export class InvalidTokenCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenCommandError';
  }
}

/** What a recorded token hash looks like: anything else (a token string passed by mistake) is refused. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** What only tenant tokens have: a role, perhaps a namespace, perhaps an expiry. */
function tenantTokenLimits(command: CreateToken): {
  role: TokenRole;
  namespace: string | null;
  expiresAt: string | null;
} {
  const { role, namespace, expiresAt } = command;
  // The HTTP layer checks these too; the decider guards them for every other caller.
  if (role === null || !TOKEN_ROLES.includes(role)) {
    throw new NameRuleError('role', `must be one of ${TOKEN_ROLES.join(', ')}`, role);
  }
  if (namespace !== null) assertName('namespace', namespace, 'namespace');
  if (expiresAt !== null) {
    const violation = tokenExpiryViolation(expiresAt, command.now);
    if (violation !== null) throw new NameRuleError('expiresAt', violation, expiresAt);
  }
  return { role, namespace, expiresAt };
}

function createToken(command: CreateToken, state: TokenState): TokenEvent[] {
  if (state.status !== 'absent') throw new TokenAlreadyExistsError(command.tokenId);
  assertName('tokenName', command.name, 'name');
  if (command.operator !== (command.tenant === SYSTEM_TENANT)) {
    throw new InvalidTokenCommandError(`operator tokens, and only they, belong to tenant "${SYSTEM_TENANT}"`);
  }
  // Events are kept forever: anything that is not a bare hash (a token string passed by mistake)
  // must never be recorded.
  if (!SHA256_HEX.test(command.hash)) throw new InvalidTokenCommandError('hash must be a hex SHA-256 digest');
  const { tokenId, tenant, name, hash, operator } = command;
  if (operator) {
    if (command.role !== null || command.namespace !== null || command.expiresAt !== null) {
      throw new InvalidTokenCommandError('the operator token has no role, namespace or expiry');
    }
    return [{ type: 'token.created', payload: { tokenId, tenant, name, hash, operator } }];
  }
  return [{ type: 'token.created', payload: { tokenId, tenant, name, hash, operator, ...tenantTokenLimits(command) } }];
}

/** Revoking twice changes nothing: the second request records no event. */
function revokeToken(command: RevokeToken, state: TokenState): TokenEvent[] {
  if (state.status === 'absent' || state.tokenId !== command.tokenId) throw new TokenNotFoundError(command.tokenId);
  if (state.operator) throw new InvalidTokenCommandError('the operator token is not revoked but rotated');
  if (state.status === 'revoked') return [];
  return [{ type: 'token.revoked', payload: { tokenId: command.tokenId } }];
}

/** A token is created once under its id, with only its hash recorded; it may then be revoked, for good. */
export const tokenDecider: Decider<TokenCommand, TokenState, TokenEvent> = {
  initialState: { status: 'absent' },

  decide(command, state) {
    switch (command.kind) {
      case 'create-token':
        return createToken(command, state);
      case 'revoke-token':
        return revokeToken(command, state);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'token.created': {
        const { tokenId, tenant, name, operator } = event.payload;
        return { status: 'active', tokenId, tenant, name, operator };
      }
      case 'token.revoked':
        return state.status === 'absent' ? state : { ...state, status: 'revoked' };
      default:
        return state;
    }
  },
};
