import { hashToken, issueToken } from '@wharf/auth';
import { NameRuleError } from '@wharf/names';
import { foldEvents } from '@wharf/events';
import { given } from '../shared/decider-scenario';
import {
  CreateToken,
  InvalidTokenCommandError,
  TokenAlreadyExistsError,
  tokenDecider,
  TokenEvent,
} from './token.decider';

const hash = hashToken('wharf_0123456789abcdef_secret');

const createCi: CreateToken = {
  kind: 'create-token',
  tokenId: '0123456789abcdef',
  tenant: 'acme',
  name: 'ci',
  hash,
  operator: false,
};

const ciCreated: TokenEvent = {
  type: 'token.created',
  payload: { tokenId: '0123456789abcdef', tenant: 'acme', name: 'ci', hash, operator: false },
};

describe('token decider', () => {
  describe('create-token', () => {
    it('records token.created with the hash only', () => {
      given(tokenDecider, []).when(createCi).then([ciCreated]);
    });

    it('records the operator token in the system tenant', () => {
      given(tokenDecider, [])
        .when({ ...createCi, tokenId: 'fedcba9876543210', tenant: '_', name: 'operator', operator: true })
        .then([
          {
            type: 'token.created',
            payload: { tokenId: 'fedcba9876543210', tenant: '_', name: 'operator', hash, operator: true },
          },
        ]);
    });

    it('refuses a token id that already exists', () => {
      given(tokenDecider, [ciCreated]).when(createCi).thenThrows(TokenAlreadyExistsError);
    });

    it('refuses a token id that exists even when that token is revoked', () => {
      given(tokenDecider, [ciCreated, { type: 'token.revoked', payload: { tokenId: '0123456789abcdef' } }])
        .when(createCi)
        .thenThrows(TokenAlreadyExistsError);
    });

    it('refuses a name that breaks the token name rule', () => {
      given(tokenDecider, [])
        .when({ ...createCi, name: 'CI token' })
        .thenThrows(NameRuleError, /^name: /);
    });

    it('refuses an operator token outside the system tenant, and a tenant token inside it', () => {
      given(tokenDecider, [])
        .when({ ...createCi, operator: true })
        .thenThrows(InvalidTokenCommandError);
      given(tokenDecider, [])
        .when({ ...createCi, tenant: '_' })
        .thenThrows(InvalidTokenCommandError);
    });

    it('refuses to record anything but a SHA-256 hash, such as the token string itself', () => {
      given(tokenDecider, [])
        .when({ ...createCi, hash: issueToken().token })
        .thenThrows(InvalidTokenCommandError, /hex SHA-256/);
    });
  });

  describe('evolve', () => {
    it('follows a token from absent to active to revoked', () => {
      expect(foldEvents(tokenDecider, [])).toEqual({ status: 'absent' });
      expect(foldEvents(tokenDecider, [ciCreated])).toEqual({
        status: 'active',
        tokenId: '0123456789abcdef',
        tenant: 'acme',
        name: 'ci',
        operator: false,
      });
      expect(
        foldEvents(tokenDecider, [ciCreated, { type: 'token.revoked', payload: { tokenId: '0123456789abcdef' } }]),
      ).toMatchObject({
        status: 'revoked',
      });
    });
  });
});
