import { ApiProperty } from '@nestjs/swagger';
import { TOKEN_ROLES, TokenRole } from '@wharf/events';

/** The answer to creating a token: the only time the token string is ever shown. */
export class CreatedTokenView {
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

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Null: the token never expires.' })
  expiresAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ description: 'The bearer token. Shown only here: store it now, it cannot be shown again.' })
  token: string;
}
