import { DataSource } from 'typeorm';
import { ProjectionRunner } from '@wharf/projections';
import { TokenEntity } from './token.entity';
import { tokenIdOf, tokenMatchesHash } from './token-secret';

export interface Principal {
  tokenId: string;
  tenant: string;
  operator: boolean;
}

/**
 * Authenticates bearer tokens from the service's own read model of token hashes. Rows are cached
 * in memory; every token event the projection applies drops its cached row, so a revocation takes
 * effect as soon as it is projected.
 */
export class TokenDirectory {
  private readonly cache = new Map<string, TokenEntity>();
  /** Bumped by every applied token event: a row read across a bump may be stale and is not cached. */
  private epoch = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: ProjectionRunner,
  ) {
    runner.onApplied((events) => {
      for (const event of events) {
        if (event.aggregate.type !== 'token') continue;
        this.epoch++;
        this.cache.delete((event.payload as { tokenId: string }).tokenId);
      }
    });
    runner.onReset(() => {
      this.epoch++;
      this.cache.clear();
    });
  }

  private async find(tokenId: string): Promise<TokenEntity | null> {
    const cached = this.cache.get(tokenId);
    if (cached) return cached;
    const epoch = this.epoch;
    const row = await this.dataSource.manager.findOneBy(TokenEntity, { tokenId });
    if (row && epoch === this.epoch) this.cache.set(tokenId, row);
    return row;
  }

  /**
   * The principal of `token`, or null. A token created a moment ago on another service may not be
   * projected here yet: on a miss the read model first catches up with the stream.
   */
  async authenticate(token: string): Promise<Principal | null> {
    const tokenId = tokenIdOf(token);
    if (tokenId === null) return null;
    let row = await this.find(tokenId);
    if (row === null) {
      await this.runner.catchUp(2_000).catch(() => undefined);
      row = await this.find(tokenId);
    }
    if (row === null || row.revoked || !tokenMatchesHash(token, row.hash)) return null;
    return { tokenId: row.tokenId, tenant: row.tenant, operator: row.operator };
  }
}
