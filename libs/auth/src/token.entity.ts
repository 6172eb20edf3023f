import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Every service's own read model of tokens: enough to authenticate, never the secret. */
@Entity('auth_token')
export class TokenEntity {
  @PrimaryColumn('text')
  tokenId: string;

  @Column('text')
  tenant: string;

  @Column('text')
  name: string;

  @Column('text')
  hash: string;

  @Column('boolean')
  operator: boolean;

  @Column('boolean', { default: false })
  revoked: boolean;

  @Column('text')
  createdAt: string;

  @Column('text')
  createdBy: string;
}
