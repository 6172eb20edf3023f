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
  TokenNotFoundError,
} from './token.decider';

const hash = hashToken('wharf_0123456789abcdef_secret');
const NOW = Date.parse('2030-01-01T00:00:00.000Z');

const createCi: CreateToken = {
  kind: 'create-token',
  tokenId: '0123456789abcdef',
  tenant: 'acme',
  name: 'ci',
  hash,
  operator: false,
  role: 'publisher',
  namespace: null,
  expiresAt: '2030-04-01T00:00:00.000Z',
  now: NOW,
};

const ciCreated: TokenEvent = {
  type: 'token.created',
  payload: {
    tokenId: '0123456789abcdef',
    tenant: 'acme',
    name: 'ci',
    hash,
    operator: false,
    role: 'publisher',
    namespace: null,
    expiresAt: '2030-04-01T00:00:00.000Z',
  },
};

const createOperator: CreateToken = {
  ...createCi,
  tokenId: 'fedcba9876543210',
  tenant: '_',
  name: 'operator',
  operator: true,
  role: null,
  namespace: null,
  expiresAt: null,
};

const ciRevoked: TokenEvent = { type: 'token.revoked', payload: { tokenId: '0123456789abcdef' } };

describe('token decider', () => {
  describe('create-token', () => {
    it('records token.created with the hash, the role, the namespace binding and the expiry', () => {
      given(tokenDecider, []).when(createCi).then([ciCreated]);
    });

    it('records a token bound to one namespace that never expires', () => {
      given(tokenDecider, [])
        .when({ ...createCi, role: 'worker', namespace: 'ada', expiresAt: null })
        .then([
          {
            type: 'token.created',
            payload: { ...ciCreated.payload, role: 'worker', namespace: 'ada', expiresAt: null },
          } as TokenEvent,
        ]);
    });

    it.each(['admin', 'worker', 'publisher', 'viewer'] as const)('records the role %s', (role) => {
      given(tokenDecider, [])
        .when({ ...createCi, role })
        .then([{ type: 'token.created', payload: { ...ciCreated.payload, role } } as TokenEvent]);
    });

    it('records the operator token in the system tenant, without role, namespace or expiry', () => {
      given(tokenDecider, [])
        .when(createOperator)
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
      given(tokenDecider, [ciCreated, ciRevoked]).when(createCi).thenThrows(TokenAlreadyExistsError);
    });

    it('refuses a second operator token over a rotated one (the bootstrap relies on it)', () => {
      given(tokenDecider, [
        {
          type: 'token.created',
          payload: { tokenId: 'fedcba9876543210', tenant: '_', name: 'operator', hash, operator: true },
        },
        {
          type: 'operator-token.rotated',
          payload: { tokenId: '1111111111111111', hash, previousTokenId: 'fedcba9876543210' },
        },
      ])
        .when({ ...createOperator, tokenId: '2222222222222222' })
        .thenThrows(TokenAlreadyExistsError);
    });

    it('refuses a name that breaks the token name rule', () => {
      given(tokenDecider, [])
        .when({ ...createCi, name: 'CI token' })
        .thenThrows(NameRuleError, /^name: /);
    });

    it('refuses a tenant token without a role, or with an unknown one', () => {
      given(tokenDecider, [])
        .when({ ...createCi, role: null })
        .thenThrows(NameRuleError, /^role: must be one of admin, worker, publisher, viewer$/);
      given(tokenDecider, [])
        .when({ ...createCi, role: 'owner' as never })
        .thenThrows(NameRuleError, /^role: must be one of/);
    });

    it.each(['Ada', 'a.b', '_', '>', ''])('refuses the namespace %j, which breaks the namespace rule', (namespace) => {
      given(tokenDecider, [])
        .when({ ...createCi, namespace })
        .thenThrows(NameRuleError, /^namespace: /);
    });

    it('refuses an expiry that is not after the time of the command', () => {
      for (const expiresAt of ['2029-12-31T23:59:59.999Z', '2030-01-01T00:00:00.000Z']) {
        given(tokenDecider, [])
          .when({ ...createCi, expiresAt })
          .thenThrows(NameRuleError, /^expiresAt: must be in the future$/);
      }
    });

    it('refuses an expiry that is no ISO date-time', () => {
      for (const expiresAt of ['tomorrow', '2030-02-31T00:00:00Z', '2030-06-01']) {
        given(tokenDecider, [])
          .when({ ...createCi, expiresAt })
          .thenThrows(NameRuleError, /^expiresAt: must be an ISO 8601 date-time/);
      }
    });

    it('refuses an operator token outside the system tenant, and a tenant token inside it', () => {
      given(tokenDecider, [])
        .when({ ...createOperator, tenant: 'acme' })
        .thenThrows(InvalidTokenCommandError);
      given(tokenDecider, [])
        .when({ ...createCi, tenant: '_' })
        .thenThrows(InvalidTokenCommandError);
    });

    it('refuses an operator token with a role, a namespace or an expiry', () => {
      for (const limits of [
        { role: 'admin' as const },
        { namespace: 'ada' },
        { expiresAt: '2031-01-01T00:00:00.000Z' },
      ]) {
        given(tokenDecider, [])
          .when({ ...createOperator, ...limits })
          .thenThrows(InvalidTokenCommandError, /no role, namespace or expiry/);
      }
    });

    it('refuses to record anything but a SHA-256 hash, such as the token string itself', () => {
      given(tokenDecider, [])
        .when({ ...createCi, hash: issueToken().token })
        .thenThrows(InvalidTokenCommandError, /hex SHA-256/);
    });
  });

  describe('revoke-token', () => {
    it('records token.revoked for an active token', () => {
      given(tokenDecider, [ciCreated]).when({ kind: 'revoke-token', tokenId: '0123456789abcdef' }).then([ciRevoked]);
    });

    it('records nothing when the token is already revoked', () => {
      given(tokenDecider, [ciCreated, ciRevoked])
        .when({ kind: 'revoke-token', tokenId: '0123456789abcdef' })
        .thenNothingHappened();
    });

    it('refuses a token that does not exist', () => {
      given(tokenDecider, [])
        .when({ kind: 'revoke-token', tokenId: '0123456789abcdef' })
        .thenThrows(TokenNotFoundError, /"0123456789abcdef" not found/);
    });

    it('refuses to revoke the operator token, which is rotated instead', () => {
      given(tokenDecider, [
        {
          type: 'token.created',
          payload: { tokenId: 'fedcba9876543210', tenant: '_', name: 'operator', hash, operator: true },
        },
      ])
        .when({ kind: 'revoke-token', tokenId: 'fedcba9876543210' })
        .thenThrows(InvalidTokenCommandError, /rotated/);
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
      expect(foldEvents(tokenDecider, [ciCreated, ciRevoked])).toMatchObject({ status: 'revoked' });
    });
  });
});
