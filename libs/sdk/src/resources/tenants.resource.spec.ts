import { NameRuleError } from '@wharf/names';
import { recordingFetch } from '../testing/recording-fetch';
import { Wharf } from '../wharf';
import { WharfInputError } from '../wharf-input-error';

const url = 'http://wharf.test';

function client(answer: unknown = {}) {
  const { fetch, sent } = recordingFetch(answer);
  return { wharf: new Wharf({ url, token: 'wt_operator', namespace: 'default', tenant: null, env: {}, fetch }), sent };
}

describe('TenantsResource', () => {
  describe('create', () => {
    it('posts name, purpose, slug and description', async () => {
      const { wharf, sent } = client();
      await wharf.tenants.create({
        name: 'Acme staging',
        purpose: 'staging',
        slug: 'acme-staging',
        description: 'pre-production',
      });
      expect(sent).toEqual([
        expect.objectContaining({
          method: 'POST',
          url: `${url}/api/v1/tenants`,
          body: { name: 'Acme staging', purpose: 'staging', slug: 'acme-staging', description: 'pre-production' },
        }),
      ]);
    });

    it('leaves out what was not given', async () => {
      const { wharf, sent } = client();
      await wharf.tenants.create({ name: 'Acme', purpose: 'local' });
      expect(sent[0].body).toEqual({ name: 'Acme', purpose: 'local' });
    });

    it('refuses a slug that breaks the name rules, before sending', async () => {
      const { wharf, sent } = client();
      expect(() => wharf.tenants.create({ name: 'Acme', purpose: 'local', slug: 'Acme.Prod' })).toThrow(
        expect.objectContaining({ field: 'slug', rule: expect.stringContaining('may contain only') }),
      );
      expect(sent).toEqual([]);
    });

    it('refuses an unknown purpose', () => {
      const { wharf } = client();
      const input = { name: 'Acme', purpose: 'prod' } as unknown as Parameters<Wharf['tenants']['create']>[0];
      expect(() => wharf.tenants.create(input)).toThrow(
        new WharfInputError('purpose', 'must be one of local, development, staging, production'),
      );
    });
  });

  describe('update', () => {
    it('patches only what changes', async () => {
      const { wharf, sent } = client();
      await wharf.tenants.update('acme', { name: 'Acme Corp' });
      await wharf.tenants.update('acme', { description: 'the one' });
      expect(sent.map((r) => [r.method, r.url, r.body])).toEqual([
        ['PATCH', `${url}/api/v1/tenants/acme`, { name: 'Acme Corp' }],
        ['PATCH', `${url}/api/v1/tenants/acme`, { description: 'the one' }],
      ]);
    });

    it('refuses an update that changes nothing', () => {
      const { wharf } = client();
      expect(() => wharf.tenants.update('acme', {})).toThrow(WharfInputError);
    });

    it('refuses a slug that could change the route', () => {
      const { wharf } = client();
      expect(() => wharf.tenants.update('../tokens', { name: 'x' })).toThrow(NameRuleError);
    });
  });

  it('archives with a POST to the tenant’s archive route', async () => {
    const { wharf, sent } = client();
    await wharf.tenants.archive('acme');
    expect(sent.map((r) => [r.method, r.url, r.body])).toEqual([
      ['POST', `${url}/api/v1/tenants/acme/archive`, undefined],
    ]);
  });

  it('lists and shows tenants', async () => {
    const { wharf, sent } = client([]);
    await wharf.tenants.list();
    await wharf.tenants.get('acme');
    expect(sent.map((r) => [r.method, r.url])).toEqual([
      ['GET', `${url}/api/v1/tenants`],
      ['GET', `${url}/api/v1/tenants/acme`],
    ]);
    expect(() => wharf.tenants.get('a b')).toThrow(expect.objectContaining({ field: 'tenant' }));
  });
});
