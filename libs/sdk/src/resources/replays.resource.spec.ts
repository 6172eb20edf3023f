import { HttpClient } from '../http-client';
import { recordingFetch } from '../testing/recording-fetch';
import { resolveWharfConfig } from '../wharf-config';
import { ReplaysResource } from './replays.resource';

const url = 'http://wharf.test';

function client() {
  const { fetch, sent } = recordingFetch({});
  const http = new HttpClient(
    resolveWharfConfig({ url, token: 'wt_admin', namespace: 'default', tenant: null, env: {} }),
    fetch,
  );
  return { replays: new ReplaysResource(http), sent };
}

describe('ReplaysResource', () => {
  it('posts the replay with only the options given, and the target token as its own header', async () => {
    const { replays, sent } = client();
    await replays.start({
      from: 'src',
      to: 'dst',
      namespaceMap: { prod: 'copy' },
      withWorkflows: true,
      targetToken: 'wt_target',
    });
    expect(sent[0]).toMatchObject({
      method: 'POST',
      url: `${url}/api/v1/replays`,
      body: { from: 'src', to: 'dst', namespaceMap: { prod: 'copy' }, withWorkflows: true },
    });
    expect(sent[0].headers['X-Wharf-Target-Token']).toBe('wt_target');
    expect(sent[0].headers.Authorization).toBe('Bearer wt_admin');
    expect(JSON.stringify(sent[0].body)).not.toContain('wt_target');
  });

  it('asks for a dry run', async () => {
    const { replays, sent } = client();
    await replays.dryRun({ from: 'src', to: 'dst', create: true, key: 'user:*' });
    expect(sent[0].body).toEqual({ from: 'src', to: 'dst', create: true, key: 'user:*', dryRun: true });
    expect(sent[0].headers['X-Wharf-Target-Token']).toBeUndefined();
  });

  it('reads one replay and the list', async () => {
    const { replays, sent } = client();
    await replays.get('r-1');
    await replays.list();
    expect(sent.map((r) => [r.method, r.url])).toEqual([
      ['GET', `${url}/api/v1/replays/r-1`],
      ['GET', `${url}/api/v1/replays`],
    ]);
  });

  it.each([
    ['a source that is no tenant slug', { from: 'Not A Slug' }, 'from'],
    ['namespace together with a map', { namespace: 'a', namespaceMap: { a: 'b' } }, 'namespaceMap'],
    ['a mapped namespace with a dot', { namespaceMap: { a: 'b.c' } }, 'namespaceMap.a'],
    ['a time without a time zone', { since: '2030-01-01T00:00:00' }, 'since'],
  ])('refuses %s before sending, naming the field', (_case, change, field) => {
    const { replays, sent } = client();
    expect(() => replays.start({ from: 'src', to: 'dst', ...change })).toThrow(expect.objectContaining({ field }));
    expect(sent).toEqual([]);
  });
});
