import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMillis } from './epoch-millis.transformer';

/**
 * Table `oauth2_authentication_failure` (migration CreateAuthenticationFailure): failed client
 * authentications per caller in the current one-minute window, shared by every replica
 * (RFC 6819 §5.1.4.2.3). `key` is a keyed hash of the caller's address, never the address.
 */
@Entity({ name: 'oauth2_authentication_failure' })
export class OAuth2AuthenticationFailureEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) key!: string;
  @Column({ type: 'bigint', transformer: epochMillis }) windowStart!: Date;
  @Column({ type: 'integer' }) failures!: number;
}
