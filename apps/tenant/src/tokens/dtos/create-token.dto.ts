import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { TOKEN_ROLES, TokenRole } from '@wharf/events';
import { IsWharfName } from '@wharf/service-kit';
import { DEFAULT_TOKEN_LIFETIME_DAYS, NEVER_EXPIRES } from '../token-expiry.rule';
import { IsTokenExpiry } from './is-token-expiry.decorator';

export class CreateTokenDto {
  @ApiProperty({
    description: 'Token name: lower-case letters, digits, ":", "_" and "-", at most 128.',
    example: 'ci-deploy',
  })
  @IsWharfName('tokenName')
  name: string;

  @ApiProperty({
    enum: TOKEN_ROLES,
    description:
      'admin: everything in the tenant (tokens, workflows, ...); worker: run workers; publisher: push events and read runs; viewer: read only.',
  })
  @IsIn(TOKEN_ROLES, { message: `role must be one of ${TOKEN_ROLES.join(', ')}` })
  role: TokenRole;

  @ApiPropertyOptional({
    description: 'Binds the token to this one namespace; left out, the token acts in every namespace of the tenant.',
    example: 'ada',
  })
  @IsOptional()
  @IsWharfName('namespace')
  namespace?: string;

  @ApiPropertyOptional({
    description: `When the token stops working: an ISO 8601 date-time with a time zone, in the future, or "${NEVER_EXPIRES}". Left out: ${DEFAULT_TOKEN_LIFETIME_DAYS} days from now.`,
    example: '2030-01-31T12:00:00Z',
  })
  @IsOptional()
  @IsTokenExpiry()
  expiresAt?: string;
}
