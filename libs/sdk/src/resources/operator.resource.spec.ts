import { recordingFetch } from '../testing/recording-fetch';
import { Wharf } from '../wharf';

describe('OperatorResource', () => {
  it('rotates the operator token with a POST carrying the current one', async () => {
    const answer = { tokenId: 'feedfacefeedface', token: 'wharf_new', createdAt: '2030-01-01T00:00:00.000Z' };
    const { fetch, sent } = recordingFetch(answer);
    const wharf = new Wharf({ url: 'http://wharf.test', token: 'wharf_old', tenant: null, env: {}, fetch });
    await expect(wharf.operator.rotateToken()).resolves.toEqual(answer);
    expect(sent.map((r) => [r.method, r.url, r.headers.Authorization])).toEqual([
      ['POST', 'http://wharf.test/api/v1/operator/token/rotate', 'Bearer wharf_old'],
    ]);
  });
});
