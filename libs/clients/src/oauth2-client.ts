/**
 * The OAuth 2.0 client (RFC 7591 §2 metadata plus Hydra's extensions, hydra-compat §2.1).
 * Field names are the protocol's own (snake_case), so the model, the wire JSON and the table
 * share one vocabulary.
 */

/** Per-client token lifespans (hydra-compat §2.2), as normalised Go duration strings or null. */
export const LIFESPAN_FIELDS = [
  'authorization_code_grant_access_token_lifespan',
  'authorization_code_grant_id_token_lifespan',
  'authorization_code_grant_refresh_token_lifespan',
  'client_credentials_grant_access_token_lifespan',
  'implicit_grant_access_token_lifespan',
  'implicit_grant_id_token_lifespan',
  'jwt_bearer_grant_access_token_lifespan',
  'refresh_token_grant_id_token_lifespan',
  'refresh_token_grant_access_token_lifespan',
  'refresh_token_grant_refresh_token_lifespan',
  'device_authorization_grant_id_token_lifespan',
  'device_authorization_grant_access_token_lifespan',
  'device_authorization_grant_refresh_token_lifespan',
] as const;

export type LifespanField = (typeof LIFESPAN_FIELDS)[number];
export type ClientLifespans = Record<LifespanField, string | null>;

/** A JSON Web Key Set as registered by a client (RFC 7517 §5). */
export interface JsonWebKeySet {
  keys: Array<Record<string, unknown>>;
}

export type TokenEndpointAuthMethod =
  | 'client_secret_basic'
  | 'client_secret_post'
  | 'private_key_jwt'
  | 'none'
  | 'tls_client_auth'
  | 'self_signed_tls_client_auth';

export const TOKEN_ENDPOINT_AUTH_METHODS: readonly TokenEndpointAuthMethod[] = [
  'client_secret_basic',
  'client_secret_post',
  'private_key_jwt',
  'none',
  // RFC 8705 §2.1 (PKI) and §2.2 (self-signed certificate) mutual-TLS client authentication.
  'tls_client_auth',
  'self_signed_tls_client_auth',
];

/**
 * The certificate identity a `tls_client_auth` client registers (RFC 8705 §2.1.2): exactly one
 * of them is set for such a client, none for any other. `''` means not set.
 */
export const TLS_CLIENT_AUTH_FIELDS = [
  'tls_client_auth_subject_dn',
  'tls_client_auth_san_dns',
  'tls_client_auth_san_uri',
  'tls_client_auth_san_ip',
  'tls_client_auth_san_email',
] as const;

export type TlsClientAuthField = (typeof TLS_CLIENT_AUTH_FIELDS)[number];

export const GRANT_TYPES = [
  'authorization_code',
  'implicit',
  'refresh_token',
  'client_credentials',
  'urn:ietf:params:oauth:grant-type:jwt-bearer',
  'urn:ietf:params:oauth:grant-type:device_code',
] as const;

/** Everything a client registers; what the admin API accepts and returns. */
export interface OAuth2ClientMetadata extends ClientLifespans {
  client_name: string;
  redirect_uris: string[];
  grant_types: string[];
  response_types: string[];
  scope: string;
  audience: string[];
  owner: string;
  policy_uri: string;
  allowed_cors_origins: string[];
  tos_uri: string;
  client_uri: string;
  logo_uri: string;
  contacts: string[];
  subject_type: string;
  sector_identifier_uri: string;
  jwks: JsonWebKeySet | null;
  jwks_uri: string;
  token_endpoint_auth_method: string;
  token_endpoint_auth_signing_alg: string;
  request_uris: string[];
  request_object_signing_alg: string;
  userinfo_signed_response_alg: string;
  frontchannel_logout_uri: string;
  frontchannel_logout_session_required: boolean;
  post_logout_redirect_uris: string[];
  backchannel_logout_uri: string;
  backchannel_logout_session_required: boolean;
  /** Free-form JSON for the operator; Tessera never interprets it. */
  metadata: unknown;
  access_token_strategy: string;
  skip_consent: boolean;
  skip_logout_consent: boolean | null;
  /** RFC 4514 string form of the expected certificate subject, e.g. `CN=a,O=Example`. */
  tls_client_auth_subject_dn: string;
  /** Expected dNSName SAN entry of the certificate. */
  tls_client_auth_san_dns: string;
  /** Expected uniformResourceIdentifier SAN entry of the certificate. */
  tls_client_auth_san_uri: string;
  /** Expected iPAddress SAN entry, IPv6 in its RFC 5952 canonical text form. */
  tls_client_auth_san_ip: string;
  /** Expected rfc822Name SAN entry of the certificate. */
  tls_client_auth_san_email: string;
  /** Whether access tokens are bound to the client's TLS certificate (RFC 8705 §3.4). */
  tls_client_certificate_bound_access_tokens: boolean;
}

/** A registered client as stored. Only the hash of its secret is kept. */
export interface OAuth2Client extends OAuth2ClientMetadata {
  client_id: string;
  /** PBKDF2 or bcrypt hash in Hydra's encoding; empty when the client has no secret. */
  client_secret_hash: string;
  registration_access_token_signature: string;
  created_at: Date;
  updated_at: Date;
  /** Incremented on every change: optimistic concurrency and cache invalidation. */
  version: number;
}

/** The two client authentication methods of RFC 8705 §2: PKI (§2.1) and self-signed (§2.2). */
export const TLS_CLIENT_AUTH_METHODS = ['tls_client_auth', 'self_signed_tls_client_auth'] as const;
export type TlsClientAuthMethod = (typeof TLS_CLIENT_AUTH_METHODS)[number];

/** Whether a client authenticates with a TLS client certificate (RFC 8705 §2). */
export function usesTlsClientAuth(method: string): method is TlsClientAuthMethod {
  return (TLS_CLIENT_AUTH_METHODS as readonly string[]).includes(method);
}

/** Whether a client authenticates with a shared secret (RFC 6749 §2.3.1). */
export function usesClientSecret(method: string): boolean {
  return method === 'client_secret_basic' || method === 'client_secret_post';
}

/**
 * The grant types a client may use: the registered ones, or `authorization_code` when it
 * registered none (as in Hydra, whose stored list stays empty; hydra-compat §2.1).
 */
export function effectiveGrantTypes(
  client: Pick<OAuth2ClientMetadata, 'grant_types'>,
): readonly string[] {
  return client.grant_types.length ? client.grant_types : ['authorization_code'];
}

/** The response types a client may use: the registered ones, or `code` when it registered none. */
export function effectiveResponseTypes(
  client: Pick<OAuth2ClientMetadata, 'response_types'>,
): readonly string[] {
  return client.response_types.length ? client.response_types : ['code'];
}
