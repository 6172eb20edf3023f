import { CreatedToken, TokenView } from '@wharf/sdk';
import { formatTable } from '../support/table';
import { createdTokenFields, createdTokenWarning, expiryText, tokenColumns } from './token-text';

const now = new Date('2030-01-10T08:30:00.000Z');

const token: TokenView = {
  tokenId: '0123456789abcdef',
  tenant: 'acme',
  name: 'ci',
  role: 'publisher',
  namespace: null,
  createdAt: '2030-01-01T10:00:00.000Z',
  createdBy: 'feedfacefeedface',
  expiresAt: '2030-04-01T10:00:00.000Z',
  lastUsedAt: null,
  revoked: false,
  revokedAt: null,
};

describe('token text', () => {
  it('says when a token never expires, and marks one that has expired', () => {
    expect(expiryText(null, now)).toBe('never');
    expect(expiryText('2030-04-01T10:00:00.000Z', now)).toBe('2030-04-01 10:00Z');
    expect(expiryText('2030-01-10T08:30:00.000Z', now)).toBe('2030-01-10 08:30Z (expired)');
  });

  it('lists id, name, role, namespace, created, expires, last used and revoked — never a secret', () => {
    const bound: TokenView = {
      ...token,
      tokenId: 'aaaaaaaaaaaaaaaa',
      name: 'ada-worker',
      role: 'worker',
      namespace: 'ada',
      expiresAt: null,
      lastUsedAt: '2030-01-09T23:59:00.000Z',
      revoked: true,
      revokedAt: '2030-01-10T08:00:00.000Z',
    };
    expect(formatTable([token, bound], tokenColumns(now)).split('\n')).toEqual([
      'TOKEN ID          NAME        ROLE       NAMESPACE  CREATED            EXPIRES            LAST USED          REVOKED',
      '0123456789abcdef  ci          publisher  all        2030-01-01 10:00Z  2030-04-01 10:00Z  never              no',
      'aaaaaaaaaaaaaaaa  ada-worker  worker     ada        2030-01-01 10:00Z  never              2030-01-09 23:59Z  2030-01-10 08:00Z',
    ]);
  });

  it('shows a created token with its secret last, and warns that it is shown once', () => {
    const created: CreatedToken = {
      tokenId: '0123456789abcdef',
      tenant: 'acme',
      name: 'ci',
      role: 'admin',
      namespace: null,
      expiresAt: null,
      createdAt: '2030-01-10T08:30:00.000Z',
      token: 'wharf_0123456789abcdef_secret',
    };
    expect(createdTokenFields(created).at(-1)).toEqual(['token', 'wharf_0123456789abcdef_secret']);
    expect(createdTokenFields(created)).toContainEqual(['expires', 'never']);
    expect(createdTokenWarning(created)).toContain('cannot show it again');
    expect(createdTokenWarning(created)).toContain('wharf tokens revoke acme 0123456789abcdef');
    expect(createdTokenWarning({ ...created, expiresAt: '2030-04-10T08:30:00.000Z' })).not.toContain('never expires');
  });
});
