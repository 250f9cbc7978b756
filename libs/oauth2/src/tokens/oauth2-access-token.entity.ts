import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMillis } from '@tessera/database';
import { TokenRow } from './token-row';

/** Table `oauth2_access_token` (migration CreateOAuth2AccessToken). */
@Entity({ name: 'oauth2_access_token' })
export class OAuth2AccessTokenEntity extends TokenRow {}

/**
 * Table `oauth2_jti`: client assertion ids (RFC 7523 §3 item 7) and, under a `dpop:` prefix, DPoP
 * proof ids (RFC 9449 §11.1) seen, until they expire.
 */
@Entity({ name: 'oauth2_jti' })
export class OAuth2JtiEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) signature!: string;
  @Column({ type: 'bigint', transformer: epochMillis }) expiresAt!: Date;
}
