import { DataSource } from 'typeorm';
import { ProjectionRunner } from '@wharf/projections';
import { TokenEntity } from './token.entity';
import { tokenIdOf, tokenMatchesHash } from './token-secret';

export interface Principal {
  tokenId: string;
  tenant: string;
  operator: boolean;
}

/** Authenticates bearer tokens from the service's own read model of token hashes. */
export class TokenDirectory {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: ProjectionRunner,
  ) {}

  /**
   * The principal of `token`, or null. A token created a moment ago on another service may not be
   * projected here yet: on a miss the read model first catches up with the stream.
   */
  async authenticate(token: string): Promise<Principal | null> {
    const tokenId = tokenIdOf(token);
    if (tokenId === null) return null;
    let row = await this.dataSource.manager.findOneBy(TokenEntity, { tokenId });
    if (row === null) {
      await this.runner.catchUp(2_000).catch(() => undefined);
      row = await this.dataSource.manager.findOneBy(TokenEntity, { tokenId });
    }
    if (row === null || row.revoked || !tokenMatchesHash(token, row.hash)) return null;
    return { tokenId: row.tokenId, tenant: row.tenant, operator: row.operator };
  }
}
