import { ApiProperty } from '@nestjs/swagger';
import { Allow, IsInt, IsOptional } from 'class-validator';
import {
  LIMITS,
  OptionalBoolean,
  OptionalObject,
  OptionalString,
  OptionalStringList,
} from './client-dto.decorators';
import type { JsonWebKeySet } from './oauth2-client';
import { OAuth2ClientTokenLifespansDto } from './oauth2-client-lifespans.dto';

/**
 * The `OAuth2Client` JSON document of Hydra's admin API (hydra-compat §2.1): the body of create,
 * replace and import, and the shape of every client response. Type checks happen here; the
 * meaning of each field is checked by `ClientMetadataValidator`. The lifespans are inherited.
 */
export class OAuth2ClientDto extends OAuth2ClientTokenLifespansDto {
  @OptionalString(
    'Client identifier. Any string on create (a UUID v4 is generated when empty); immutable afterwards.',
    LIMITS.id,
    'web-app',
  )
  client_id?: string;

  @OptionalString(
    'Human-readable client name, shown to users on the consent screen.',
    LIMITS.text,
    'My Web App',
  )
  client_name?: string;

  @OptionalString(
    'Client secret. Write-only: returned only when it was generated or supplied in this request. At least 6 characters; generated (26 characters) when empty. Stored hashed.',
    LIMITS.secret,
  )
  client_secret?: string;

  @ApiProperty({
    description: 'Always 0: client secrets do not expire.',
    required: false,
    type: Number,
    example: 0,
  })
  @IsOptional()
  @IsInt({ message: '$property must be a whole number' })
  client_secret_expires_at?: number;

  @OptionalStringList(
    'Allowed redirection URIs (RFC 6749 §3.1.2): absolute, no fragment, https unless loopback or --dev; matched exactly.',
    LIMITS.uri,
    ['https://app.example/callback'],
  )
  redirect_uris?: string[];

  @OptionalStringList(
    'Grant types the client may use. Empty means authorization_code only.',
    LIMITS.text,
    ['authorization_code', 'refresh_token'],
  )
  grant_types?: string[];

  @OptionalStringList(
    'Response types the client may use at the authorization endpoint. Empty means code only.',
    LIMITS.text,
    ['code'],
  )
  response_types?: string[];

  @OptionalString(
    'Space-separated scopes the client may request. Empty means the server default (offline_access offline openid).',
    LIMITS.scope,
    'openid offline_access',
  )
  scope?: string;

  @OptionalStringList(
    'Audiences the client may request with the audience parameter (URL-prefix match).',
    LIMITS.uri,
  )
  audience?: string[];

  @OptionalString('Owner of the client; free text, filterable in the list.', LIMITS.text)
  owner?: string;

  @OptionalString('URL of the human-readable privacy policy (http or https).', LIMITS.uri)
  policy_uri?: string;

  @OptionalStringList(
    'Origins (scheme, host and optional port only) allowed to call the token, revocation and userinfo endpoints from a browser.',
    LIMITS.uri,
  )
  allowed_cors_origins?: string[];

  @OptionalString('URL of the terms of service (http or https).', LIMITS.uri)
  tos_uri?: string;

  @OptionalString("URL of the client's home page (http or https).", LIMITS.uri)
  client_uri?: string;

  @OptionalString("URL of the client's logo (http or https).", LIMITS.uri)
  logo_uri?: string;

  @OptionalStringList('Contact addresses of the people responsible for the client.', LIMITS.text)
  contacts?: string[];

  @OptionalString(
    'Subject identifier type (OIDC Core §8): public or pairwise, as the server supports.',
    15,
    'public',
  )
  subject_type?: string;

  @OptionalString(
    'HTTPS URL of a JSON array of redirect URIs, for pairwise subjects (OIDC Core §8.1).',
    LIMITS.uri,
  )
  sector_identifier_uri?: string;

  @OptionalObject(
    "The client's JSON Web Key Set, by value (RFC 7591 §2). Mutually exclusive with jwks_uri.",
  )
  jwks?: JsonWebKeySet;

  @OptionalString("URL of the client's JSON Web Key Set. Mutually exclusive with jwks.", LIMITS.uri)
  jwks_uri?: string;

  @OptionalString(
    'Client authentication method at the token endpoint: client_secret_basic (default), client_secret_post, private_key_jwt, none, tls_client_auth or self_signed_tls_client_auth (RFC 8705).',
    64,
    'client_secret_basic',
  )
  token_endpoint_auth_method?: string;

  @OptionalString('JWS algorithm of private_key_jwt client assertions (RS/PS/ES 256/384/512).', 16)
  token_endpoint_auth_signing_alg?: string;

  @OptionalStringList('Pre-registered request_uri values (OIDC Core §6.2).', LIMITS.uri)
  request_uris?: string[];

  @OptionalString('JWS algorithm of request objects sent by this client.', 16)
  request_object_signing_alg?: string;

  @OptionalString(
    'JWS algorithm of signed userinfo responses: none (default, plain JSON) or RS256.',
    16,
    'none',
  )
  userinfo_signed_response_alg?: string;

  @OptionalString('Front-channel logout URL (OIDC Front-Channel Logout §2).', LIMITS.uri)
  frontchannel_logout_uri?: string;

  @OptionalBoolean('Whether iss and sid are sent to the front-channel logout URL.')
  frontchannel_logout_session_required?: boolean;

  @OptionalStringList(
    'Allowed post-logout redirect URIs; each must share scheme, host and port with a redirect URI.',
    LIMITS.uri,
  )
  post_logout_redirect_uris?: string[];

  @OptionalString('Back-channel logout URL (OIDC Back-Channel Logout §2.2).', LIMITS.uri)
  backchannel_logout_uri?: string;

  @OptionalBoolean('Whether the logout token carries a sid claim.')
  backchannel_logout_session_required?: boolean;

  @ApiProperty({
    description: 'Free-form JSON for the operator; never interpreted by the server.',
    required: false,
    type: Object,
    additionalProperties: true,
  })
  @Allow()
  metadata?: unknown;

  @OptionalString('Access token format for this client, overriding the server: jwt or opaque.', 10)
  access_token_strategy?: string;

  @OptionalBoolean('Advisory flag for the consent app: skip the consent screen for this client.')
  skip_consent?: boolean;

  @OptionalBoolean(
    'Advisory flag for the logout app: skip the logout confirmation for this client.',
    true,
  )
  skip_logout_consent?: boolean | null;

  @OptionalString(
    'tls_client_auth only (RFC 8705 §2.1.2): expected subject DN of the client certificate, in RFC 4514 string form (attribute types as OpenSSL prints them: UID is userId; no #hex values). Exactly one tls_client_auth_* field is set for such a client.',
    LIMITS.text,
    'CN=client-a,O=Example Corp',
  )
  tls_client_auth_subject_dn?: string;

  @OptionalString(
    'tls_client_auth only (RFC 8705 §2.1.2): expected dNSName SAN entry of the client certificate.',
    LIMITS.text,
  )
  tls_client_auth_san_dns?: string;

  @OptionalString(
    'tls_client_auth only (RFC 8705 §2.1.2): expected URI SAN entry of the client certificate.',
    LIMITS.text,
  )
  tls_client_auth_san_uri?: string;

  @OptionalString(
    'tls_client_auth only (RFC 8705 §2.1.2): expected IP address SAN entry of the client certificate (IPv4 or IPv6; IPv6 is stored in RFC 5952 form).',
    LIMITS.text,
  )
  tls_client_auth_san_ip?: string;

  @OptionalString(
    'tls_client_auth only (RFC 8705 §2.1.2): expected email (rfc822Name) SAN entry of the client certificate.',
    LIMITS.text,
  )
  tls_client_auth_san_email?: string;

  @OptionalBoolean(
    'Whether access tokens issued to this client are bound to its TLS client certificate (RFC 8705 §3.4). Omitted when false.',
  )
  tls_client_certificate_bound_access_tokens?: boolean;

  @OptionalString('Creation time (RFC 3339), set by the server; ignored on input.', 64)
  created_at?: string;

  @OptionalString('Time of the last change (RFC 3339), set by the server; ignored on input.', 64)
  updated_at?: string;

  @OptionalString(
    'Dynamic registration access token; only in dynamic registration responses.',
    LIMITS.uri,
  )
  registration_access_token?: string;

  @OptionalString(
    'Dynamic registration management URL; only in dynamic registration responses.',
    LIMITS.uri,
  )
  registration_client_uri?: string;
}
