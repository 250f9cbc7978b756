import { Column, Entity } from 'typeorm';
import { TokenRow } from './token-row';

/** Table `oauth2_authorization_code` (migration CreateOAuth2Grants). */
@Entity({ name: 'oauth2_authorization_code' })
export class OAuth2AuthorizationCodeEntity extends TokenRow {
  @Column({ type: 'boolean' }) active!: boolean;
  @Column({ type: 'text' }) redirectUri!: string;
  @Column({ type: 'varchar', length: 128 }) codeChallenge!: string;
}
