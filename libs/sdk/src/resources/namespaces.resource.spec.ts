import { NAMESPACE_HEADER } from '../http-client';
import { recordingFetch } from '../testing/recording-fetch';
import { Wharf } from '../wharf';
import { NamespaceInfo } from './namespaces.resource';

const url = 'http://wharf.test';

describe('NamespacesResource', () => {
  it('gets the namespaces of the tenant and answers them as the registry sent them', async () => {
    const listed: NamespaceInfo[] = [
      {
        namespace: 'ada',
        workers: 2,
        availableWorkers: 1,
        workflows: 3,
        events: 7,
        firstSeenAt: '2030-01-01T00:00:00.000Z',
        lastSeenAt: '2030-01-02T00:00:00.000Z',
      },
    ];
    const { fetch, sent } = recordingFetch(listed);
    const wharf = new Wharf({ url, token: 'wt_viewer', namespace: 'ada', tenant: null, env: {}, fetch });
    expect(await wharf.namespaces.list()).toEqual(listed);
    expect(sent.map((r) => [r.method, r.url, r.headers[NAMESPACE_HEADER]])).toEqual([
      ['GET', `${url}/api/v1/namespaces`, 'ada'],
    ]);
  });
});
