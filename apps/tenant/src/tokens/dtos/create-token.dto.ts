import { ApiProperty } from '@nestjs/swagger';
import { IsWharfName } from '@wharf/service-kit';

export class CreateTokenDto {
  @ApiProperty({
    description: 'Token name: lower-case letters, digits, ":", "_" and "-", at most 128.',
    example: 'ci-deploy',
  })
  @IsWharfName('tokenName')
  name: string;
}
