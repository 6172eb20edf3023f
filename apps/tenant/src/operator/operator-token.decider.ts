import { Decider, DomainEvent } from '@wharf/events';
import { SHA256_HEX } from '../tokens/token.decider';

/** Which token is the operator token now: the first one created, then each rotation's. */
export interface OperatorTokenState {
  currentTokenId: string | null;
}

/** Replaces the operator token; only the current operator token may ask. */
export interface RotateOperatorToken {
  kind: 'rotate-operator-token';
  /** Token id that asks for the rotation. */
  actor: string;
  tokenId: string;
  /** Hex SHA-256 of the new token string; the string itself never reaches the decider. */
  hash: string;
}

export type OperatorTokenCommand = RotateOperatorToken;
export type OperatorTokenEvent = DomainEvent<'operator-token.rotated'>;

/**
 * The token that asked is no longer (or never was) the operator token: typically a rotation that
 * raced another one. Refusing it keeps a stale holder from taking the operator token back.
 */
export class NotCurrentOperatorTokenError extends Error {
  constructor(readonly actor: string) {
    super(`token "${actor}" is not the current operator token: only the current operator token can rotate it`);
    this.name = 'NotCurrentOperatorTokenError';
  }
}

/** A command that breaks an invariant no HTTP input can reach: a bug in the caller. */
export class InvalidOperatorTokenCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidOperatorTokenCommandError';
  }
}

function rotate(command: RotateOperatorToken, state: OperatorTokenState): OperatorTokenEvent[] {
  if (state.currentTokenId === null) {
    throw new InvalidOperatorTokenCommandError('there is no operator token to rotate yet');
  }
  if (command.actor !== state.currentTokenId) throw new NotCurrentOperatorTokenError(command.actor);
  if (command.tokenId === state.currentTokenId) {
    throw new InvalidOperatorTokenCommandError('the new operator token needs a new token id');
  }
  // Events are kept forever: only a bare hash may be recorded, never the token string.
  if (!SHA256_HEX.test(command.hash)) throw new InvalidOperatorTokenCommandError('hash must be a hex SHA-256 digest');
  return [
    {
      type: 'operator-token.rotated',
      payload: { tokenId: command.tokenId, hash: command.hash, previousTokenId: state.currentTokenId },
    },
  ];
}

/**
 * The operator token's subject (`wharf._._.token.operator`): `token.created` once, then one
 * `operator-token.rotated` per rotation. Each rotation names the token it replaces, and is decided
 * against the subject's last sequence, so two concurrent rotations cannot both win.
 */
export const operatorTokenDecider: Decider<OperatorTokenCommand, OperatorTokenState, OperatorTokenEvent> = {
  initialState: { currentTokenId: null },

  decide(command, state) {
    switch (command.kind) {
      case 'rotate-operator-token':
        return rotate(command, state);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'token.created':
        return event.payload.operator ? { currentTokenId: event.payload.tokenId } : state;
      case 'operator-token.rotated':
        return { currentTokenId: event.payload.tokenId };
      default:
        return state;
    }
  },
};
