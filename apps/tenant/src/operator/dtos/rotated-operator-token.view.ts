import { ApiProperty } from '@nestjs/swagger';

/** The answer to a rotation: the only time the new operator token string is ever shown. */
export class RotatedOperatorTokenView {
  @ApiProperty({ example: '9a0b1c2d3e4f5a6b' })
  tokenId: string;

  @ApiProperty({ description: 'The new operator token. Shown only here: the previous one no longer works.' })
  token: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}
