import { ApiProperty } from '@nestjs/swagger';

/** The answer to creating a token: the only time the token string is ever shown. */
export class CreatedTokenView {
  @ApiProperty({ example: '4f1c2a9be07d5e63' })
  tokenId: string;

  @ApiProperty({ example: 'acme-staging-4f7k' })
  tenant: string;

  @ApiProperty({ example: 'ci-deploy' })
  name: string;

  @ApiProperty({ description: 'The bearer token. Shown only here: store it now, it cannot be shown again.' })
  token: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}
