import { ApiProperty } from '@nestjs/swagger';
import { TokenEntity } from '@wharf/auth';

/** A token as listings show it: never its secret, never its hash. */
export class TokenView {
  @ApiProperty({ example: '4f1c2a9be07d5e63' })
  tokenId: string;

  @ApiProperty({ example: 'acme-staging-4f7k' })
  tenant: string;

  @ApiProperty({ example: 'ci-deploy' })
  name: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty()
  revoked: boolean;

  static of(token: Pick<TokenEntity, 'tokenId' | 'tenant' | 'name' | 'createdAt' | 'revoked'>): TokenView {
    return Object.assign(new TokenView(), {
      tokenId: token.tokenId,
      tenant: token.tenant,
      name: token.name,
      createdAt: token.createdAt,
      revoked: Boolean(token.revoked),
    });
  }
}
