import type { OAuth2Client } from './oauth2-client';
import { LIFESPAN_FIELDS, TLS_CLIENT_AUTH_FIELDS } from './oauth2-client';

/**
 * RFC 8705 metadata (§2.1.2, §3.4), unknown to Hydra: sent only when set, so that the document of
 * every other client stays exactly as Hydra shapes it.
 */
const MUTUAL_TLS_FIELDS = [
  ...TLS_CLIENT_AUTH_FIELDS,
  'tls_client_certificate_bound_access_tokens',
] as const;

/** RFC 3339 with the fraction trimmed of trailing zeros, as Go prints time.Time. */
export function rfc3339(date: Date): string {
  return date
    .toISOString()
    .replace(/\.000Z$/, 'Z')
    .replace(/(\.\d*?)0+Z$/, '$1Z');
}

/**
 * A client as Hydra's admin API returns it (hydra-compat §2.1): Hydra's field order, `""`/`[]`
 * for empty values, optional fields omitted when empty, never a secret hash. `secret` is the
 * plaintext secret, included only in the response that generated or received it.
 */
export function toClientJson(client: OAuth2Client, secret?: string): Record<string, unknown> {
  const json: Record<string, unknown> = {
    client_id: client.client_id,
    client_name: client.client_name,
  };
  if (secret) json.client_secret = secret;
  Object.assign(json, registeredMetadata(client));
  putIfSet(json, 'sector_identifier_uri', client.sector_identifier_uri);
  json.jwks = client.jwks ?? {};
  for (const key of [
    'jwks_uri',
    'token_endpoint_auth_method',
    'token_endpoint_auth_signing_alg',
    'request_uris',
    'request_object_signing_alg',
    'userinfo_signed_response_alg',
  ] as const) {
    putIfSet(json, key, client[key]);
  }
  for (const key of MUTUAL_TLS_FIELDS) putIfSet(json, key, client[key]);
  json.created_at = rfc3339(client.created_at);
  json.updated_at = rfc3339(client.updated_at);
  for (const key of [
    'frontchannel_logout_uri',
    'frontchannel_logout_session_required',
    'post_logout_redirect_uris',
    'backchannel_logout_uri',
    'backchannel_logout_session_required',
  ] as const) {
    putIfSet(json, key, client[key]);
  }
  json.metadata = client.metadata;
  putIfSet(json, 'access_token_strategy', client.access_token_strategy);
  json.skip_consent = client.skip_consent;
  json.skip_logout_consent = client.skip_logout_consent;
  for (const field of LIFESPAN_FIELDS) json[field] = client[field];
  return json;
}

/** The fields Hydra always sends, in its order. */
function registeredMetadata(client: OAuth2Client): Record<string, unknown> {
  return {
    redirect_uris: client.redirect_uris,
    grant_types: client.grant_types,
    response_types: client.response_types,
    scope: client.scope,
    audience: client.audience,
    owner: client.owner,
    policy_uri: client.policy_uri,
    allowed_cors_origins: client.allowed_cors_origins,
    tos_uri: client.tos_uri,
    client_uri: client.client_uri,
    logo_uri: client.logo_uri,
    contacts: client.contacts,
    client_secret_expires_at: 0,
    subject_type: client.subject_type,
  };
}

/** Hydra's `omitempty`: empty strings, empty lists and `false` are left out. */
function putIfSet(
  json: Record<string, unknown>,
  key: string,
  value: string | boolean | readonly string[],
): void {
  const empty = value === '' || value === false || (Array.isArray(value) && value.length === 0);
  if (!empty) json[key] = value;
}
