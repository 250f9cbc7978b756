import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMillis, jsonText } from '@tessera/database';

/** Table `oauth2_access_token` (migration CreateOAuth2AccessToken). */
@Entity({ name: 'oauth2_access_token' })
export class OAuth2AccessTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 96 }) signature!: string;
  @Column({ type: 'varchar', length: 64 }) requestId!: string;
  @Column({ type: 'varchar', length: 255 }) clientId!: string;
  @Column({ type: 'text' }) subject!: string;
  /** Granted scopes, space-separated. */
  @Column({ type: 'text' }) scope!: string;
  @Column({ type: 'text', transformer: jsonText }) audience!: string[];
  /** The token session, sealed with the system secret unless `oauth2.session.encrypt_at_rest` is off. */
  @Column({ type: 'text' }) session!: string;
  @Column({ type: 'bigint', transformer: epochMillis }) requestedAt!: Date;
  @Column({ type: 'bigint', transformer: epochMillis }) expiresAt!: Date;
}

/** Table `oauth2_jti`: client assertion ids seen, until they expire (RFC 7523 §3 item 7). */
@Entity({ name: 'oauth2_jti' })
export class OAuth2JtiEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) signature!: string;
  @Column({ type: 'bigint', transformer: epochMillis }) expiresAt!: Date;
}
