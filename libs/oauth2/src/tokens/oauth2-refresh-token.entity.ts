import { Column, Entity } from 'typeorm';
import { epochMillis } from '@tessera/database';
import { TokenRow } from './token-row';

/** Table `oauth2_refresh_token` (migration CreateOAuth2Grants). */
@Entity({ name: 'oauth2_refresh_token' })
export class OAuth2RefreshTokenEntity extends TokenRow {
  @Column({ type: 'boolean' }) active!: boolean;
  @Column({ type: 'bigint', nullable: true, transformer: epochMillis }) usedAt!: Date | null;
  @Column({ type: 'integer' }) usedTimes!: number;
  @Column({ type: 'varchar', length: 96 }) accessTokenKey!: string;
}
