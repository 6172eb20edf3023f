import { HttpClient } from '../http-client';
import { recordingFetch } from '../testing/recording-fetch';
import { WharfApiError } from '../wharf-api-error';
import { WharfInputError } from '../wharf-input-error';
import { HistoryResource, HistoryVerification } from './history.resource';

const url = 'http://wharf.test';
const config = { url, token: 'wt_viewer', namespace: 'default', tenant: 'acme' };

const report: HistoryVerification = {
  tenant: 'acme',
  intact: true,
  seals: 2,
  sealedEvents: 10,
  unsealedEvents: 1,
  checkedEvents: 11,
  findings: [],
  findingsCount: 0,
  first: null,
  lastSealHash: 'a'.repeat(64),
  lastSealIndex: 2,
};

function streamingFetch(body: string): { fetch: typeof fetch; urls: string[]; accepts: string[] } {
  const urls: string[] = [];
  const accepts: string[] = [];
  const impl = (async (input: string | URL | Request, init?: RequestInit) => {
    urls.push(String(input));
    accepts.push((init?.headers as Record<string, string>).Accept);
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }) as typeof fetch;
  return { fetch: impl, urls, accepts };
}

describe('HistoryResource', () => {
  it('verifies with one JSON request, passing the anchor, with the tenant header of the operator', async () => {
    const { fetch, sent } = recordingFetch(report);
    const history = new HistoryResource(new HttpClient(config, fetch));
    expect(await history.verify({ anchor: 'b'.repeat(64) })).toEqual(report);
    expect(sent.map((r) => [r.method, r.url, r.headers['X-Wharf-Tenant']])).toEqual([
      ['GET', `${url}/api/v1/history/verify?anchor=${'b'.repeat(64)}`, 'acme'],
    ]);
  });

  it('refuses an anchor that is not a seal hash before sending anything', async () => {
    const { fetch, sent } = recordingFetch(report);
    const history = new HistoryResource(new HttpClient(config, fetch));
    await expect(history.verify({ anchor: 'nope' })).rejects.toBeInstanceOf(WharfInputError);
    expect(sent).toEqual([]);
  });

  it('streams progress, then resolves with the report', async () => {
    const { fetch, urls, accepts } = streamingFetch(
      'event: progress\ndata: {"checked":0,"total":12}\n\n' +
        'event: progress\ndata: {"checked":12,"total":12}\n\n' +
        `event: report\ndata: ${JSON.stringify(report)}\n\n`,
    );
    const progress: unknown[] = [];
    const history = new HistoryResource(new HttpClient(config, fetch));
    expect(await history.verify({ onProgress: (p) => progress.push(p) })).toEqual(report);
    expect(progress).toEqual([
      { checked: 0, total: 12 },
      { checked: 12, total: 12 },
    ]);
    expect([urls, accepts]).toEqual([[`${url}/api/v1/history/verify`], ['text/event-stream']]);
  });

  it('rejects when the stream ends with an error instead of a report', async () => {
    const { fetch } = streamingFetch('event: error\ndata: {"message":"verification failed: gone"}\n\n');
    const history = new HistoryResource(new HttpClient(config, fetch));
    await expect(history.verify({ onProgress: () => undefined })).rejects.toEqual(
      expect.objectContaining({ message: 'verification failed: gone' }),
    );
    await expect(history.verify({ onProgress: () => undefined })).rejects.toBeInstanceOf(WharfApiError);
  });

  it('lists seals after an index', async () => {
    const { fetch, sent } = recordingFetch([]);
    const history = new HistoryResource(new HttpClient(config, fetch));
    await history.seals({ after: 3, limit: 10 });
    expect(sent.map((r) => r.url)).toEqual([`${url}/api/v1/history/seals?after=3&limit=10`]);
  });
});
