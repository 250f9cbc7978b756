import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMillis, jsonText } from '@tessera/database';

/**
 * Table `oauth2_flow` (migration CreateOAuth2Grants): one row per completed consent. Its
 * primary key, the flow id, makes a consent verifier single use; it is the source of remembered
 * consents and of the consent sessions the admin API lists.
 */
@Entity({ name: 'oauth2_flow' })
export class OAuth2FlowEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id!: string;
  @Column({ type: 'varchar', length: 64 }) consentRequestId!: string;
  @Column({ type: 'varchar', length: 255 }) clientId!: string;
  @Column({ type: 'text' }) subject!: string;
  @Column({ type: 'varchar', length: 64 }) loginSessionId!: string;
  @Column({ type: 'text', transformer: jsonText }) requestedScope!: string[];
  @Column({ type: 'text', transformer: jsonText }) requestedAudience!: string[];
  @Column({ type: 'text', transformer: jsonText }) grantedScope!: string[];
  @Column({ type: 'text', transformer: jsonText }) grantedAudience!: string[];
  /** The consent was skipped (remembered): such rows never make later consents skippable. */
  @Column({ type: 'boolean' }) consentSkip!: boolean;
  @Column({ type: 'boolean' }) remember!: boolean;
  @Column({ type: 'integer' }) rememberFor!: number;
  @Column({ type: 'text' }) requestUrl!: string;
  /** `oidc_context`, JSON. */
  @Column({ type: 'text' }) oidcContext!: string;
  /** The consent's `session` claims, sealed with the system secret. */
  @Column({ type: 'text' }) session!: string;
  /** `context` of the login accept, JSON. */
  @Column({ type: 'text' }) loginContext!: string;
  /** `context` of the consent accept, JSON. */
  @Column({ type: 'text' }) context!: string;
  @Column({ type: 'text' }) acr!: string;
  @Column({ type: 'text', transformer: jsonText }) amr!: string[];
  @Column({ type: 'bigint', transformer: epochMillis }) authenticatedAt!: Date;
  @Column({ type: 'bigint', transformer: epochMillis }) requestedAt!: Date;
  @Column({ type: 'bigint', transformer: epochMillis }) handledAt!: Date;
  /** Until when the consent is remembered; `null` when it is not (or forever, see `rememberFor`). */
  @Column({ type: 'bigint', nullable: true, transformer: epochMillis })
  rememberedUntil!: Date | null;
}
