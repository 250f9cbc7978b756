import type { Command } from 'commander';
import { CliError } from '../cli-io';
import { collectList } from './remote-options';

/** The values of Hydra's client flags (`create client`, `update client`). */
export interface ClientFlagValues {
  id?: string;
  secret?: string;
  name?: string;
  grantType?: string[];
  responseType?: string[];
  scope?: string[];
  audience?: string[];
  redirectUri?: string[];
  postLogoutCallback?: string[];
  tokenEndpointAuthMethod?: string;
  jwksUri?: string;
  requestUri?: string[];
  requestObjectSigningAlg?: string;
  sectorIdentifierUri?: string;
  subjectType?: string;
  allowedCorsOrigin?: string[];
  owner?: string;
  contact?: string[];
  metadata?: string;
  policyUri?: string;
  tosUri?: string;
  clientUri?: string;
  logoUri?: string;
  frontchannelLogoutCallback?: string;
  frontchannelLogoutSessionRequired?: boolean;
  backchannelLogoutCallback?: string;
  backchannelLogoutSessionRequired?: boolean;
  skipConsent?: boolean;
  skipLogoutConsent?: boolean;
  accessTokenStrategy?: string;
  file?: string;
}

/** A flag: `list` flags are repeatable and take comma lists, `switch` flags take no value. */
export type FlagSpec = readonly [
  flags: string,
  description: string,
  kind?: 'list' | 'switch',
  defaultValue?: string,
];

const CLIENT_FLAGS: readonly FlagSpec[] = [
  ['--secret <secret>', 'client secret (generated when empty)'],
  ['--name <name>', 'human-readable client name'],
  ['--grant-type <types>', 'grant type (repeatable; default authorization_code)', 'list'],
  ['--response-type <types>', 'response type (repeatable; default code)', 'list'],
  ['--scope <scopes>', 'scope the client may request (repeatable)', 'list'],
  ['--audience <audiences>', 'audience the client may request (repeatable)', 'list'],
  ['--redirect-uri <uris>', 'redirect URI (repeatable)', 'list'],
  ['--post-logout-callback <uris>', 'post-logout redirect URI (repeatable)', 'list'],
  [
    '--token-endpoint-auth-method <method>',
    'client_secret_basic, client_secret_post, private_key_jwt, none, tls_client_auth or self_signed_tls_client_auth',
    undefined,
    'client_secret_basic',
  ],
  ['--jwks-uri <url>', 'URL of the client JSON Web Key Set'],
  ['--request-uri <uris>', 'pre-registered request_uri (repeatable)', 'list'],
  ['--request-object-signing-alg <alg>', 'request object signing algorithm', undefined, 'RS256'],
  ['--sector-identifier-uri <url>', 'sector identifier URI (pairwise subjects)'],
  ['--subject-type <type>', 'public or pairwise', undefined, 'public'],
  ['--allowed-cors-origin <origins>', 'allowed CORS origin (repeatable)', 'list'],
  ['--owner <owner>', 'owner of the client'],
  ['--contact <contacts>', 'contact (repeatable)', 'list'],
  ['--metadata <json>', 'metadata as a JSON object', undefined, '{}'],
  ['--policy-uri <url>', 'privacy policy URL'],
  ['--tos-uri <url>', 'terms of service URL'],
  ['--client-uri <url>', 'client home page URL'],
  ['--logo-uri <url>', 'logo URL'],
  ['--frontchannel-logout-callback <url>', 'front-channel logout URL'],
  [
    '--frontchannel-logout-session-required',
    'send iss and sid to the front-channel logout URL',
    'switch',
  ],
  ['--backchannel-logout-callback <url>', 'back-channel logout URL'],
  ['--backchannel-logout-session-required', 'put sid into the logout token', 'switch'],
  ['--skip-consent', 'advise the consent app to skip consent for this client', 'switch'],
  ['--skip-logout-consent', 'advise the logout app to skip the logout confirmation', 'switch'],
  ['--access-token-strategy <strategy>', 'jwt or opaque'],
  [
    '--file <path>',
    'read the client from a JSON file ("-" for stdin); other client flags are ignored',
  ],
];

/** Adds flags from a table of specs. */
export function withFlags(command: Command, flags: readonly FlagSpec[]): Command {
  for (const [spec, description, kind, defaultValue] of flags) {
    if (kind === 'list') command.option(spec, description, collectList);
    else command.option(spec, description, defaultValue);
  }
  return command;
}

/** Registers Hydra's client flags; list flags are repeatable and accept comma lists. */
export function withClientFlags(command: Command): Command {
  return withFlags(command, CLIENT_FLAGS);
}

/** The JSON client document the flags describe, with Hydra's CLI defaults. */
export function clientBodyFromFlags(flags: ClientFlagValues): Record<string, unknown> {
  return {
    client_id: flags.id ?? '',
    client_secret: flags.secret ?? '',
    client_name: flags.name ?? '',
    grant_types: flags.grantType ?? ['authorization_code'],
    response_types: flags.responseType ?? ['code'],
    scope: (flags.scope ?? []).join(' '),
    audience: flags.audience ?? [],
    redirect_uris: flags.redirectUri ?? [],
    post_logout_redirect_uris: flags.postLogoutCallback ?? [],
    token_endpoint_auth_method: flags.tokenEndpointAuthMethod ?? 'client_secret_basic',
    jwks_uri: flags.jwksUri ?? '',
    request_uris: flags.requestUri ?? [],
    request_object_signing_alg: flags.requestObjectSigningAlg ?? 'RS256',
    sector_identifier_uri: flags.sectorIdentifierUri ?? '',
    subject_type: flags.subjectType ?? 'public',
    allowed_cors_origins: flags.allowedCorsOrigin ?? [],
    owner: flags.owner ?? '',
    contacts: flags.contact ?? [],
    metadata: parseMetadata(flags.metadata ?? '{}'),
    policy_uri: flags.policyUri ?? '',
    tos_uri: flags.tosUri ?? '',
    client_uri: flags.clientUri ?? '',
    logo_uri: flags.logoUri ?? '',
    frontchannel_logout_uri: flags.frontchannelLogoutCallback ?? '',
    frontchannel_logout_session_required: flags.frontchannelLogoutSessionRequired ?? false,
    backchannel_logout_uri: flags.backchannelLogoutCallback ?? '',
    backchannel_logout_session_required: flags.backchannelLogoutSessionRequired ?? false,
    skip_consent: flags.skipConsent ?? false,
    skip_logout_consent: flags.skipLogoutConsent ?? false,
    access_token_strategy: flags.accessTokenStrategy ?? '',
  };
}

function parseMetadata(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CliError('--metadata must be valid JSON');
  }
}
