import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMillis, jsonText } from '@tessera/database';
import type { JsonWebKeySet, OAuth2Client } from './oauth2-client';

const list = { type: 'text', transformer: jsonText } as const;
const lifespan = { type: 'varchar', length: 32, nullable: true } as const;

/** Table `oauth2_client` (migrations CreateOAuth2Client, AddOAuth2ClientMtls). */
@Entity({ name: 'oauth2_client' })
export class OAuth2ClientEntity implements OAuth2Client {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 255 }) client_id!: string;
  @Column({ type: 'text' }) client_name!: string;
  @Column({ type: 'text' }) client_secret_hash!: string;
  @Column(list) redirect_uris!: string[];
  @Column(list) grant_types!: string[];
  @Column(list) response_types!: string[];
  @Column({ type: 'text' }) scope!: string;
  @Column(list) audience!: string[];
  @Column({ type: 'text' }) owner!: string;
  @Column({ type: 'text' }) policy_uri!: string;
  @Column(list) allowed_cors_origins!: string[];
  @Column({ type: 'text' }) tos_uri!: string;
  @Column({ type: 'text' }) client_uri!: string;
  @Column({ type: 'text' }) logo_uri!: string;
  @Column(list) contacts!: string[];
  @Column({ type: 'varchar', length: 15 }) subject_type!: string;
  @Column({ type: 'text' }) sector_identifier_uri!: string;
  @Column({ type: 'text', nullable: true, transformer: jsonText }) jwks!: JsonWebKeySet | null;
  @Column({ type: 'text' }) jwks_uri!: string;
  @Column({ type: 'varchar', length: 64 }) token_endpoint_auth_method!: string;
  @Column({ type: 'varchar', length: 16 }) token_endpoint_auth_signing_alg!: string;
  @Column(list) request_uris!: string[];
  @Column({ type: 'varchar', length: 16 }) request_object_signing_alg!: string;
  @Column({ type: 'varchar', length: 16 }) userinfo_signed_response_alg!: string;
  @Column({ type: 'text' }) frontchannel_logout_uri!: string;
  @Column({ type: 'boolean' }) frontchannel_logout_session_required!: boolean;
  @Column(list) post_logout_redirect_uris!: string[];
  @Column({ type: 'text' }) backchannel_logout_uri!: string;
  @Column({ type: 'boolean' }) backchannel_logout_session_required!: boolean;
  @Column({ type: 'text', nullable: true, transformer: jsonText }) metadata!: unknown;
  @Column({ type: 'varchar', length: 128 }) registration_access_token_signature!: string;
  @Column({ type: 'varchar', length: 10 }) access_token_strategy!: string;
  @Column({ type: 'boolean' }) skip_consent!: boolean;
  @Column({ type: 'boolean', nullable: true }) skip_logout_consent!: boolean | null;
  @Column({ type: 'text' }) tls_client_auth_subject_dn!: string;
  @Column({ type: 'text' }) tls_client_auth_san_dns!: string;
  @Column({ type: 'text' }) tls_client_auth_san_uri!: string;
  @Column({ type: 'text' }) tls_client_auth_san_ip!: string;
  @Column({ type: 'text' }) tls_client_auth_san_email!: string;
  @Column({ type: 'boolean' }) tls_client_certificate_bound_access_tokens!: boolean;
  @Column(lifespan) authorization_code_grant_access_token_lifespan!: string | null;
  @Column(lifespan) authorization_code_grant_id_token_lifespan!: string | null;
  @Column(lifespan) authorization_code_grant_refresh_token_lifespan!: string | null;
  @Column(lifespan) client_credentials_grant_access_token_lifespan!: string | null;
  @Column(lifespan) implicit_grant_access_token_lifespan!: string | null;
  @Column(lifespan) implicit_grant_id_token_lifespan!: string | null;
  @Column(lifespan) jwt_bearer_grant_access_token_lifespan!: string | null;
  @Column(lifespan) refresh_token_grant_id_token_lifespan!: string | null;
  @Column(lifespan) refresh_token_grant_access_token_lifespan!: string | null;
  @Column(lifespan) refresh_token_grant_refresh_token_lifespan!: string | null;
  @Column(lifespan) device_authorization_grant_id_token_lifespan!: string | null;
  @Column(lifespan) device_authorization_grant_access_token_lifespan!: string | null;
  @Column(lifespan) device_authorization_grant_refresh_token_lifespan!: string | null;
  @Column({ type: 'bigint', transformer: epochMillis }) created_at!: Date;
  @Column({ type: 'bigint', transformer: epochMillis }) updated_at!: Date;
  @Column({ type: 'integer' }) version!: number;
}
