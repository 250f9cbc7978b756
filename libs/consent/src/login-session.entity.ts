import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMillis } from '@tessera/database';

/** Table `oauth2_login_session` (migration CreateLoginSessions): a login, remembered or not. */
@Entity({ name: 'oauth2_login_session' })
export class OAuth2LoginSessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id!: string;
  @Column({ type: 'text' }) subject!: string;
  @Column({ type: 'bigint', transformer: epochMillis }) authenticatedAt!: Date;
  @Column({ type: 'boolean' }) remember!: boolean;
  @Column({ type: 'text' }) identityProviderSessionId!: string;
  @Column({ type: 'bigint', transformer: epochMillis }) expiresAt!: Date;
}

/** Table `oauth2_forced_subject`: `force_subject_identifier` of a login, per client and subject. */
@Entity({ name: 'oauth2_forced_subject' })
export class OAuth2ForcedSubjectEntity {
  @PrimaryColumn({ type: 'varchar', length: 255 }) clientId!: string;
  @PrimaryColumn({ type: 'varchar', length: 255 }) subject!: string;
  @Column({ type: 'text' }) forcedSubject!: string;
}
