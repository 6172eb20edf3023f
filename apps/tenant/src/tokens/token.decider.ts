import { assertName, SYSTEM_TENANT } from '@wharf/names';
import { Decider, DomainEvent } from '@wharf/events';

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
}

export type TokenCommand = CreateToken;
export type TokenEvent = DomainEvent<'token.created'>;

export class TokenAlreadyExistsError extends Error {
  constructor(readonly tokenId: string) {
    super(`token "${tokenId}" already exists`);
    this.name = 'TokenAlreadyExistsError';
  }
}

/** A command that breaks an invariant no HTTP input can reach: a bug in the caller. */
export class InvalidTokenCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenCommandError';
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

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
  return [{ type: 'token.created', payload: { tokenId, tenant, name, hash, operator } }];
}

/** A token is created once under its id; only its hash is recorded. */
export const tokenDecider: Decider<TokenCommand, TokenState, TokenEvent> = {
  initialState: { status: 'absent' },

  decide(command, state) {
    switch (command.kind) {
      case 'create-token':
        return createToken(command, state);
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
