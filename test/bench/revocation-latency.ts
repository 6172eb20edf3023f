import { request } from 'node:http';
import { Wharf } from '@wharf/sdk';
import { WharfCluster } from '../support/wharf-cluster';

/** A route of each service that every role may read: what a revoked token is refused on. */
const PROBES = {
  tenant: (tenant: string) => `/api/v1/tenants/${tenant}`,
  registry: () => '/api/v1/workers',
  dispatch: () => '/api/v1/runs',
} as const;

type ProbedService = keyof typeof PROBES;

function statusOf(url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Polls `service` until it refuses `token`; the time from `since` to the first 401, in ms. */
async function refusedAfter(url: string, token: string, since: number, timeoutMs: number): Promise<number> {
  for (;;) {
    const status = await statusOf(url, token);
    const now = performance.now();
    if (status === 401) return now - since;
    if (now - since > timeoutMs) throw new Error(`${url} still answers ${status} ${timeoutMs} ms after the revoke`);
  }
}

/**
 * For each of `rounds` fresh tokens: use it on every service (so each has it cached), revoke it,
 * and measure, from the moment the revoke was acknowledged, how long each service kept accepting
 * it. Each service is polled directly (not through the edge) as fast as it answers.
 */
export async function revocationLatency(
  cluster: WharfCluster,
  tenant: string,
  rounds: number,
): Promise<{ perService: Record<ProbedService, number[]>; lastService: number[] }> {
  const operator = new Wharf({ url: cluster.url, token: cluster.operatorToken });
  const perService: Record<ProbedService, number[]> = { tenant: [], registry: [], dispatch: [] };
  const lastService: number[] = [];
  const services = Object.keys(PROBES) as ProbedService[];
  for (let round = 0; round < rounds; round++) {
    const issued = await operator.tokens.create(tenant, { name: `revoke-${round}`, role: 'viewer' });
    const urls = services.map((service) => `${cluster.services[service]!.url}${PROBES[service](tenant)}`);
    for (const url of urls) {
      const status = await statusOf(url, issued.token);
      if (status !== 200) throw new Error(`${url} answered ${status} to a fresh token`);
    }
    await operator.tokens.revoke(tenant, issued.tokenId);
    const acknowledged = performance.now();
    const latencies = await Promise.all(urls.map((url) => refusedAfter(url, issued.token, acknowledged, 10_000)));
    services.forEach((service, i) => perService[service].push(latencies[i]));
    lastService.push(Math.max(...latencies));
  }
  for (const list of [...Object.values(perService), lastService]) list.sort((a, b) => a - b);
  return { perService, lastService };
}
