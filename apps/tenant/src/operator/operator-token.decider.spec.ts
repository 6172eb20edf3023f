import { hashToken, issueToken } from '@wharf/auth';
import { AnyDomainEvent, foldEvents } from '@wharf/events';
import { given } from '../shared/decider-scenario';
import {
  InvalidOperatorTokenCommandError,
  NotCurrentOperatorTokenError,
  operatorTokenDecider,
  OperatorTokenEvent,
  RotateOperatorToken,
} from './operator-token.decider';

const firstHash = hashToken('wharf_aaaaaaaaaaaaaaaa_first');
const secondHash = hashToken('wharf_bbbbbbbbbbbbbbbb_second');
const thirdHash = hashToken('wharf_cccccccccccccccc_third');

const operatorCreated: AnyDomainEvent = {
  type: 'token.created',
  payload: { tokenId: 'aaaaaaaaaaaaaaaa', tenant: '_', name: 'operator', hash: firstHash, operator: true },
};
const firstRotation: OperatorTokenEvent = {
  type: 'operator-token.rotated',
  payload: { tokenId: 'bbbbbbbbbbbbbbbb', hash: secondHash, previousTokenId: 'aaaaaaaaaaaaaaaa' },
};

const rotateByFirst: RotateOperatorToken = {
  kind: 'rotate-operator-token',
  actor: 'aaaaaaaaaaaaaaaa',
  tokenId: 'bbbbbbbbbbbbbbbb',
  hash: secondHash,
};

describe('operator token decider', () => {
  it('records operator-token.rotated naming the token it replaces', () => {
    given(operatorTokenDecider, [operatorCreated]).when(rotateByFirst).then([firstRotation]);
  });

  it('lets the token of the last rotation rotate again', () => {
    given(operatorTokenDecider, [operatorCreated, firstRotation])
      .when({ kind: 'rotate-operator-token', actor: 'bbbbbbbbbbbbbbbb', tokenId: 'cccccccccccccccc', hash: thirdHash })
      .then([
        {
          type: 'operator-token.rotated',
          payload: { tokenId: 'cccccccccccccccc', hash: thirdHash, previousTokenId: 'bbbbbbbbbbbbbbbb' },
        },
      ]);
  });

  it('refuses a rotation asked by a token that was already rotated away (a stale rotation)', () => {
    given(operatorTokenDecider, [operatorCreated, firstRotation])
      .when({ ...rotateByFirst, tokenId: 'cccccccccccccccc', hash: thirdHash })
      .thenThrows(NotCurrentOperatorTokenError, /"aaaaaaaaaaaaaaaa" is not the current operator token/);
  });

  it('refuses a rotation asked by any token that is not the operator token', () => {
    given(operatorTokenDecider, [operatorCreated])
      .when({ ...rotateByFirst, actor: '0123456789abcdef' })
      .thenThrows(NotCurrentOperatorTokenError);
  });

  it('refuses to rotate before there is an operator token', () => {
    given(operatorTokenDecider, []).when(rotateByFirst).thenThrows(InvalidOperatorTokenCommandError);
  });

  it('refuses a new token with the current token id', () => {
    given(operatorTokenDecider, [operatorCreated])
      .when({ ...rotateByFirst, tokenId: 'aaaaaaaaaaaaaaaa' })
      .thenThrows(InvalidOperatorTokenCommandError, /new token id/);
  });

  it('refuses to record anything but a SHA-256 hash, such as the token string itself', () => {
    given(operatorTokenDecider, [operatorCreated])
      .when({ ...rotateByFirst, hash: issueToken().token })
      .thenThrows(InvalidOperatorTokenCommandError, /hex SHA-256/);
  });

  it('follows the current operator token through creation and rotations', () => {
    expect(foldEvents(operatorTokenDecider, [])).toEqual({ currentTokenId: null });
    expect(foldEvents(operatorTokenDecider, [operatorCreated])).toEqual({ currentTokenId: 'aaaaaaaaaaaaaaaa' });
    expect(foldEvents(operatorTokenDecider, [operatorCreated, firstRotation])).toEqual({
      currentTokenId: 'bbbbbbbbbbbbbbbb',
    });
  });
});
