import { recordingFetch } from '../testing/recording-fetch';
import { Wharf } from '../wharf';
import { WharfInputError } from '../wharf-input-error';
import { CreateTokenInput } from './tokens.resource';

const url = 'http://wharf.test';

function client() {
  const { fetch, sent } = recordingFetch({});
  return { wharf: new Wharf({ url, token: 'wt_admin', namespace: 'default', tenant: null, env: {}, fetch }), sent };
}

describe('TokensResource', () => {
  describe('create', () => {
    it('posts name, role, namespace and expiry', async () => {
      const { wharf, sent } = client();
      await wharf.tokens.create('acme', {
        name: 'ada-worker',
        role: 'worker',
        namespace: 'ada',
        expiresAt: '2030-01-31T00:00:00Z',
      });
      expect(sent.map((r) => [r.method, r.url, r.body])).toEqual([
        [
          'POST',
          `${url}/api/v1/tenants/acme/tokens`,
          { name: 'ada-worker', role: 'worker', namespace: 'ada', expiresAt: '2030-01-31T00:00:00Z' },
        ],
      ]);
    });

    it('sends "never" as is, and leaves out an unbound namespace and the default expiry', async () => {
      const { wharf, sent } = client();
      await wharf.tokens.create('acme', { name: 'ci', role: 'publisher', expiresAt: 'never' });
      await wharf.tokens.create('acme', { name: 'ci', role: 'viewer', namespace: null });
      expect(sent.map((r) => r.body)).toEqual([
        { name: 'ci', role: 'publisher', expiresAt: 'never' },
        { name: 'ci', role: 'viewer' },
      ]);
    });

    it.each<[string, Partial<CreateTokenInput>, string]>([
      ['an unknown role', { role: 'owner' as CreateTokenInput['role'] }, 'role'],
      ['a token name with a dot', { name: 'ci.prod' }, 'name'],
      ['a namespace that breaks the name rules', { namespace: 'Ada' }, 'namespace'],
      ['the reserved namespace "_"', { namespace: '_' }, 'namespace'],
      ['a date without a time', { expiresAt: '2030-01-31' }, 'expiresAt'],
      ['a date-time without a time zone', { expiresAt: '2030-01-31T10:00:00' }, 'expiresAt'],
      ['a duration', { expiresAt: '90d' }, 'expiresAt'],
      ['a day the month does not have', { expiresAt: '2030-02-31T10:00:00Z' }, 'expiresAt'],
    ])('refuses %s before sending, naming the field', (_case, change, field) => {
      const { wharf, sent } = client();
      const input: CreateTokenInput = { name: 'ci', role: 'admin', ...change };
      expect(() => wharf.tokens.create('acme', input)).toThrow(expect.objectContaining({ field }));
      expect(sent).toEqual([]);
    });

    it('names the roles in the error', () => {
      const { wharf } = client();
      const input = { name: 'ci', role: 'owner' } as unknown as CreateTokenInput;
      expect(() => wharf.tokens.create('acme', input)).toThrow(
        new WharfInputError('role', 'must be one of admin, worker, publisher, viewer'),
      );
    });
  });

  it('lists and revokes', async () => {
    const { wharf, sent } = client();
    await wharf.tokens.list('acme');
    await wharf.tokens.revoke('acme', '0123456789abcdef');
    expect(sent.map((r) => [r.method, r.url])).toEqual([
      ['GET', `${url}/api/v1/tenants/acme/tokens`],
      ['DELETE', `${url}/api/v1/tenants/acme/tokens/0123456789abcdef`],
    ]);
  });

  it.each(['', 'a/b', '0123456789ABCDEF', '0123456789abcde', 'wharf_0123456789abcdef_secret'])(
    'refuses to revoke the token id %j, before sending',
    (tokenId) => {
      const { wharf, sent } = client();
      expect(() => wharf.tokens.revoke('acme', tokenId)).toThrow(
        new WharfInputError('tokenId', 'must be 16 lower-case hexadecimal digits (the tokenId of a token)'),
      );
      expect(sent).toEqual([]);
    },
  );
});
