import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { TokenEntity, TokenUsage } from '@wharf/auth';
import { ProjectionRunner } from '@wharf/projections';
import { TOKEN_VIEW_COLUMNS, TokenView, TokenViewRow } from './dtos/token.view';

/**
 * Token views from the auth read model every service keeps (`auth_token`), never reading the hash
 * column, with "last used" from the token-usage bucket.
 */
@Injectable()
export class TokenReadModel {
  constructor(
    @InjectRepository(TokenEntity) private readonly tokens: Repository<TokenEntity>,
    private readonly runner: ProjectionRunner,
    private readonly usage: TokenUsage,
  ) {}

  /** The tenant's tokens, oldest first, revoked ones included, every token created before the call too. */
  async list(tenant: string): Promise<TokenView[]> {
    // A token created a moment ago (possibly by another instance) is listed too.
    await this.runner.catchUp();
    const rows: TokenViewRow[] = await this.tokens.find({
      select: TOKEN_VIEW_COLUMNS,
      where: { tenant, operator: false },
      order: { createdAt: 'ASC', tokenId: 'ASC' },
    });
    return Promise.all(rows.map((row) => this.view(row)));
  }

  /** The tenant's token `tokenId` as of stream sequence `seq` or later, or null. */
  async findAsOf(tenant: string, tokenId: string, seq: number): Promise<TokenView | null> {
    await this.runner.waitFor(seq);
    const row: TokenViewRow | null = await this.tokens.findOne({
      select: TOKEN_VIEW_COLUMNS,
      where: { tenant, tokenId, operator: false },
    });
    return row === null ? null : this.view(row);
  }

  private async view(row: TokenViewRow): Promise<TokenView> {
    return TokenView.of(row, await this.usage.lastUsed(row.tokenId));
  }
}
