import { ApiProperty } from '@nestjs/swagger';
import { TOKEN_ROLES, TokenRole } from '@wharf/events';
import { TokenEntity } from '@wharf/auth';

/** The token columns a view is made of: never the hash (nor, of course, the secret). */
export type TokenViewRow = Pick<
  TokenEntity,
  | 'tokenId'
  | 'tenant'
  | 'name'
  | 'role'
  | 'namespace'
  | 'createdAt'
  | 'createdBy'
  | 'expiresAt'
  | 'revoked'
  | 'revokedAt'
>;

export const TOKEN_VIEW_COLUMNS: { [K in keyof TokenViewRow]: true } = {
  tokenId: true,
  tenant: true,
  name: true,
  role: true,
  namespace: true,
  createdAt: true,
  createdBy: true,
  expiresAt: true,
  revoked: true,
  revokedAt: true,
};

/** A token as listings show it: never its secret, never its hash. */
export class TokenView {
  @ApiProperty({ example: '4f1c2a9be07d5e63' })
  tokenId: string;

  @ApiProperty({ example: 'acme-staging-4f7k' })
  tenant: string;

  @ApiProperty({ example: 'ci-deploy' })
  name: string;

  @ApiProperty({ enum: TOKEN_ROLES })
  role: TokenRole;

  @ApiProperty({ type: String, nullable: true, description: 'The one namespace the token acts in; null for all.' })
  namespace: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ description: 'Token id that created this token.' })
  createdBy: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Null: the token never expires.' })
  expiresAt: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Last time a service accepted the token (to the minute); null if never seen.',
  })
  lastUsedAt: string | null;

  @ApiProperty()
  revoked: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt: string | null;

  static of(token: TokenViewRow, lastUsedAt: string | null): TokenView {
    return Object.assign(new TokenView(), {
      tokenId: token.tokenId,
      tenant: token.tenant,
      name: token.name,
      role: token.role,
      namespace: token.namespace ?? null,
      createdAt: token.createdAt,
      createdBy: token.createdBy,
      expiresAt: token.expiresAt ?? null,
      lastUsedAt,
      revoked: Boolean(token.revoked),
      revokedAt: token.revokedAt ?? null,
    });
  }
}
