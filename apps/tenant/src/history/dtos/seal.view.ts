import { ApiProperty } from '@nestjs/swagger';

/** A seal without its entries. */
export class SealView {
  @ApiProperty({ description: 'number of the seal in the chain, from 1' })
  index: number;
  @ApiProperty({ description: 'stream sequence of the first event sealed' })
  fromSeq: number;
  @ApiProperty({ description: 'stream sequence of the last event sealed' })
  toSeq: number;
  @ApiProperty({ description: 'events the seal lists' })
  count: number;
  @ApiProperty({ description: 'hex SHA-256 over the previous hash and every entry' })
  hash: string;
  @ApiProperty({ type: String, nullable: true })
  previousHash: string | null;
  @ApiProperty({ description: 'stream sequence of the seal itself' })
  seq: number;
  @ApiProperty()
  sealedAt: string;
}
