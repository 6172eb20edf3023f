import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TokenRole } from '@wharf/events';

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

  @Column('text', { default: 'admin' })
  role: TokenRole;

  /** The one namespace the token may act in; null for every namespace. */
  @Column('text', { nullable: true })
  namespace: string | null;

  /** ISO time from which the token is refused; null for a token that never expires. */
  @Column('text', { nullable: true })
  expiresAt: string | null;

  @Column('boolean', { default: false })
  revoked: boolean;

  @Column('text', { nullable: true })
  revokedAt: string | null;

  @Column('text')
  createdAt: string;

  @Column('text')
  createdBy: string;
}
