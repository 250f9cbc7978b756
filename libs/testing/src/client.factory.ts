import { LIFESPAN_FIELDS, type OAuth2Client, tlsMetadataDefaults } from '@tessera/clients';

let sequence = 0;

/** A stored client with every field set to its default; override what the test is about. */
export function aClient(overrides: Partial<OAuth2Client> = {}): OAuth2Client {
  sequence += 1;
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  return {
    client_id: `client-${sequence}`,
    client_name: '',
    client_secret_hash: '',
    redirect_uris: [],
    grant_types: [],
    response_types: [],
    scope: 'openid',
    audience: [],
    owner: '',
    policy_uri: '',
    allowed_cors_origins: [],
    tos_uri: '',
    client_uri: '',
    logo_uri: '',
    contacts: [],
    subject_type: 'public',
    sector_identifier_uri: '',
    jwks: null,
    jwks_uri: '',
    token_endpoint_auth_method: 'client_secret_basic',
    token_endpoint_auth_signing_alg: '',
    request_uris: [],
    request_object_signing_alg: '',
    userinfo_signed_response_alg: 'none',
    frontchannel_logout_uri: '',
    frontchannel_logout_session_required: false,
    post_logout_redirect_uris: [],
    backchannel_logout_uri: '',
    backchannel_logout_session_required: false,
    metadata: {},
    access_token_strategy: '',
    skip_consent: false,
    skip_logout_consent: null,
    ...tlsMetadataDefaults({}),
    ...(Object.fromEntries(LIFESPAN_FIELDS.map((field) => [field, null])) as Record<
      (typeof LIFESPAN_FIELDS)[number],
      null
    >),
    registration_access_token_signature: '',
    created_at: now,
    updated_at: now,
    version: 1,
    ...overrides,
  };
}
