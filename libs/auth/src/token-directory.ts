import { DataSource } from 'typeorm';
import { ProjectionRunner } from '@wharf/projections';
import { ArchivedTenantEntity } from './archived-tenant.entity';
import { Authentication } from './principal';
import { TokenEntity } from './token.entity';
import { tokenIdOf, tokenMatchesHash } from './token-secret';
import { TokenUsage } from './token-usage';

/**
 * Authenticates bearer tokens from the service's own read model of token hashes. Rows are cached
 * in memory; every token or tenant event the projection applies drops what it may change, so a
 * revocation or an archive takes effect as soon as it is projected.
 */
export class TokenDirectory {
  private readonly cache = new Map<string, TokenEntity>();
  private archived: Set<string> | null = null;
  private readonly changeListeners = new Set<() => void>();
  /** Bumped by every applied token event: a row read across a bump may be stale and is not cached. */
  private epoch = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: ProjectionRunner,
    private readonly usage: TokenUsage | null = null,
    private readonly clock: () => number = Date.now,
  ) {
    runner.onApplied((events) => {
      let changed = false;
      for (const event of events) {
        if (event.aggregate.type === 'token') {
          this.epoch++;
          this.cache.delete((event.payload as { tokenId: string }).tokenId);
          if (event.type === 'operator-token.rotated') this.cache.delete(event.payload.previousTokenId);
          changed = true;
        } else if (event.type === 'tenant.archived') {
          this.archived = null;
          changed = true;
        }
      }
      if (changed) this.notifyChange();
    });
    runner.onReset(() => {
      this.epoch++;
      this.cache.clear();
      this.archived = null;
      this.notifyChange();
    });
  }

  private notifyChange(): void {
    for (const listener of this.changeListeners) listener();
  }

  /**
   * Calls `listener` whenever a token or an archive was projected (a token that was valid may not
   * be any more); for holders of long-lived requests. Returns the function that stops it.
   */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private async find(tokenId: string): Promise<TokenEntity | null> {
    const cached = this.cache.get(tokenId);
    if (cached) return cached;
    const epoch = this.epoch;
    const row = await this.dataSource.manager.findOneBy(TokenEntity, { tokenId });
    if (row && epoch === this.epoch) this.cache.set(tokenId, row);
    return row;
  }

  private async isArchived(tenant: string): Promise<boolean> {
    if (this.archived === null) {
      const rows = await this.dataSource.manager.find(ArchivedTenantEntity, { select: { slug: true } });
      this.archived = new Set(rows.map((row) => row.slug));
    }
    return this.archived.has(tenant);
  }

  /**
   * Who `token` is, or why it opens nothing. A token created a moment ago on another service may
   * not be projected here yet: on a miss the read model first catches up with the stream. Only a
   * presented token whose hash matches learns that it is revoked, expired or archived.
   */
  async authenticate(token: string): Promise<Authentication> {
    const tokenId = tokenIdOf(token);
    if (tokenId === null) return { ok: false, refusal: 'malformed' };
    let row = await this.find(tokenId);
    if (row === null) {
      await this.runner.catchUp(2_000).catch(() => undefined);
      row = await this.find(tokenId);
    }
    if (row === null || !tokenMatchesHash(token, row.hash)) return { ok: false, refusal: 'unknown' };
    if (row.revoked) return { ok: false, refusal: 'revoked' };
    if (row.expiresAt !== null && Date.parse(row.expiresAt) <= this.clock()) return { ok: false, refusal: 'expired' };
    if (!row.operator && (await this.isArchived(row.tenant))) return { ok: false, refusal: 'archived' };
    this.usage?.record(row.tokenId);
    return {
      ok: true,
      principal: {
        tokenId: row.tokenId,
        tenant: row.tenant,
        operator: Boolean(row.operator),
        role: row.role,
        namespace: row.namespace,
      },
    };
  }
}
