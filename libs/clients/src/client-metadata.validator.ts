import { Injectable } from '@nestjs/common';
import { TesseraConfig } from '@tessera/config';
import { InvalidClientMetadataError, InvalidRedirectUriError } from '@tessera/kernel';
import { normaliseOrigin, originOf, redirectUriProblem, webUrlProblem } from './client-uris';
import { jwksProblem } from './client-jwks';
import { canonicalIpAddress, mutualTlsProblem, tlsMetadataDefaults } from './client-mtls-metadata';
import { grantTypeProblem, normaliseScope, responseTypeProblem } from './client-grants';
import type { OAuth2ClientDto } from './oauth2-client.dto';
import { type OAuth2ClientMetadata, TOKEN_ENDPOINT_AUTH_METHODS } from './oauth2-client';
import { normaliseLifespans } from './client-lifespans';
import { SectorIdentifierFetcher } from './sector-identifier.fetcher';

const ASSERTION_ALGS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
];
const REQUEST_OBJECT_ALGS = ['none', ...ASSERTION_ALGS, 'EdDSA'];
const URL_FIELDS = [
  'policy_uri',
  'tos_uri',
  'client_uri',
  'logo_uri',
  'jwks_uri',
  'frontchannel_logout_uri',
  'backchannel_logout_uri',
] as const;

const invalid = (hint: string) => new InvalidClientMetadataError().withHint(hint);

/**
 * Checks what each client metadata field means (RFC 7591 §2, OIDC Registration §2, Hydra's
 * `client/validator.go` rules made stricter where Hydra is lax) and fills in the defaults.
 * Throws `invalid_client_metadata` or `invalid_redirect_uri` with a hint naming the field.
 */
@Injectable()
export class ClientMetadataValidator {
  constructor(
    private readonly config: TesseraConfig,
    private readonly sectorIdentifiers: SectorIdentifierFetcher,
  ) {}

  async validate(input: OAuth2ClientDto): Promise<OAuth2ClientMetadata> {
    const metadata = withDefaults(
      input,
      this.config.oidc.dynamic_client_registration.default_scope,
    );
    this.checkAuthentication(metadata);
    this.checkMutualTls(metadata);
    this.checkUrls(metadata);
    this.checkRedirects(metadata);
    this.checkGrants(metadata);
    this.checkSigning(metadata);
    metadata.subject_type = this.subjectType(metadata.subject_type);
    metadata.allowed_cors_origins = metadata.allowed_cors_origins.map(origin);
    metadata.scope = scopeOrThrow(metadata.scope);
    if (metadata.sector_identifier_uri !== '') await this.checkSectorIdentifier(metadata);
    return metadata;
  }

  private checkAuthentication(metadata: OAuth2ClientMetadata): void {
    const method = metadata.token_endpoint_auth_method;
    if (method === 'client_secret_jwt') {
      throw invalid(
        'Token endpoint auth method client_secret_jwt is not supported; use private_key_jwt.',
      );
    }
    if (!(TOKEN_ENDPOINT_AUTH_METHODS as readonly string[]).includes(method)) {
      throw invalid(
        `Token endpoint auth method ${method} is not supported; use one of ${TOKEN_ENDPOINT_AUTH_METHODS.join(', ')}.`,
      );
    }
    if (metadata.jwks_uri !== '' && metadata.jwks !== null) {
      throw invalid('Fields jwks and jwks_uri can not both be set, you must choose one.');
    }
    if (metadata.jwks !== null) {
      const problem = jwksProblem(metadata.jwks);
      if (problem) throw invalid(problem);
    }
    if (method === 'private_key_jwt' && metadata.jwks_uri === '' && metadata.jwks === null) {
      throw invalid(
        'When token_endpoint_auth_method is private_key_jwt, either jwks or jwks_uri must be set.',
      );
    }
    const alg = metadata.token_endpoint_auth_signing_alg;
    if (alg !== '' && !ASSERTION_ALGS.includes(alg)) {
      throw invalid(
        `Field token_endpoint_auth_signing_alg must be one of ${ASSERTION_ALGS.join(', ')}.`,
      );
    }
  }

  /** RFC 8705 §2: the certificate a mutual-TLS client authenticates with. */
  private checkMutualTls(metadata: OAuth2ClientMetadata): void {
    const problem = mutualTlsProblem(metadata);
    if (problem) throw invalid(problem);
    metadata.tls_client_auth_san_ip = canonicalIpAddress(metadata.tls_client_auth_san_ip);
  }

  private checkUrls(metadata: OAuth2ClientMetadata): void {
    for (const field of URL_FIELDS) {
      const value = metadata[field];
      const problem = value === '' ? undefined : webUrlProblem(field, value);
      if (problem) throw invalid(problem);
    }
    for (const uri of metadata.request_uris) {
      const problem = webUrlProblem('request_uris', uri);
      if (problem) throw invalid(problem);
    }
  }

  private checkRedirects(metadata: OAuth2ClientMetadata): void {
    for (const uri of metadata.redirect_uris) {
      const problem = redirectUriProblem(uri, this.config.dev);
      if (problem) throw new InvalidRedirectUriError().withHint(problem);
    }
    const origins = new Set(metadata.redirect_uris.map(originOf));
    for (const uri of metadata.post_logout_redirect_uris) {
      const problem = redirectUriProblem(uri, this.config.dev);
      if (problem) throw invalid(`Field post_logout_redirect_uris: ${problem}`);
      if (!origins.has(originOf(uri))) {
        throw invalid(
          `post_logout_redirect_uri '${uri}' must match the domain, port, scheme of at least one of the registered redirect URIs but did not.`,
        );
      }
    }
  }

  private checkGrants(metadata: OAuth2ClientMetadata): void {
    const problem =
      grantTypeProblem(metadata.grant_types) ?? responseTypeProblem(metadata.response_types);
    if (problem) throw invalid(problem);
    const strategy = metadata.access_token_strategy.toLowerCase();
    if (strategy !== '' && strategy !== 'jwt' && strategy !== 'opaque') {
      throw invalid(
        `Invalid access token strategy ${metadata.access_token_strategy}: use jwt or opaque.`,
      );
    }
    metadata.access_token_strategy = strategy;
  }

  private checkSigning(metadata: OAuth2ClientMetadata): void {
    if (
      metadata.userinfo_signed_response_alg !== 'none' &&
      metadata.userinfo_signed_response_alg !== 'RS256'
    ) {
      throw invalid('Field userinfo_signed_response_alg can either be none or RS256.');
    }
    const alg = metadata.request_object_signing_alg;
    if (alg !== '' && !REQUEST_OBJECT_ALGS.includes(alg)) {
      throw invalid(
        `Field request_object_signing_alg must be one of ${REQUEST_OBJECT_ALGS.join(', ')}.`,
      );
    }
  }

  private subjectType(requested: string): string {
    const supported = this.config.oidc.subject_identifiers.supported_types;
    if (requested === '') return supported.includes('public') ? 'public' : supported[0];
    if (!(supported as readonly string[]).includes(requested)) {
      throw invalid(
        `Subject type ${requested} is not supported by server, only [${supported.join(' ')}] are allowed.`,
      );
    }
    return requested;
  }

  private async checkSectorIdentifier(metadata: OAuth2ClientMetadata): Promise<void> {
    const uri = metadata.sector_identifier_uri;
    const problem = webUrlProblem('sector_identifier_uri', uri);
    if (problem) throw invalid(problem);
    if (!uri.startsWith('https://') && !this.config.dev)
      throw invalid('Field sector_identifier_uri must use https.');
    const listed = await this.sectorIdentifiers.redirectUris(uri);
    if (!listed)
      throw invalid(
        `Unable to read a JSON array of redirect URIs from sector_identifier_uri ${uri}.`,
      );
    const missing = metadata.redirect_uris.find((redirect) => !listed.includes(redirect));
    if (missing)
      throw invalid(
        `Redirect URI ${missing} is not listed in the document at sector_identifier_uri.`,
      );
  }
}

function origin(text: string): string {
  const result = normaliseOrigin(text);
  if ('problem' in result) throw invalid(result.problem);
  return result.origin;
}

function scopeOrThrow(scope: string): string {
  const result = normaliseScope(scope);
  if ('problem' in result) throw invalid(result.problem);
  return result.scope;
}

function withDefaults(
  input: OAuth2ClientDto,
  defaultScope: readonly string[],
): OAuth2ClientMetadata {
  return {
    ...normaliseLifespans(input),
    ...listDefaults(input),
    ...uriDefaults(input),
    ...tlsMetadataDefaults(input),
    client_name: input.client_name ?? '',
    scope: input.scope || defaultScope.join(' '),
    owner: input.owner ?? '',
    subject_type: input.subject_type ?? '',
    // `{}` is how an absent key set is rendered, so it reads back as absent (as in Hydra).
    jwks: input.jwks && 'keys' in input.jwks ? input.jwks : null,
    token_endpoint_auth_method: input.token_endpoint_auth_method || 'client_secret_basic',
    token_endpoint_auth_signing_alg: input.token_endpoint_auth_signing_alg ?? '',
    request_object_signing_alg: input.request_object_signing_alg ?? '',
    userinfo_signed_response_alg: input.userinfo_signed_response_alg || 'none',
    frontchannel_logout_session_required: input.frontchannel_logout_session_required ?? false,
    backchannel_logout_session_required: input.backchannel_logout_session_required ?? false,
    metadata: input.metadata === undefined ? {} : input.metadata,
    access_token_strategy: input.access_token_strategy ?? '',
    skip_consent: input.skip_consent ?? false,
    skip_logout_consent: input.skip_logout_consent ?? null,
  };
}

function listDefaults(input: OAuth2ClientDto) {
  return {
    redirect_uris: input.redirect_uris ?? [],
    grant_types: input.grant_types ?? [],
    response_types: input.response_types ?? [],
    audience: input.audience ?? [],
    allowed_cors_origins: input.allowed_cors_origins ?? [],
    contacts: input.contacts ?? [],
    request_uris: input.request_uris ?? [],
    post_logout_redirect_uris: input.post_logout_redirect_uris ?? [],
  };
}

function uriDefaults(input: OAuth2ClientDto) {
  return {
    policy_uri: input.policy_uri ?? '',
    tos_uri: input.tos_uri ?? '',
    client_uri: input.client_uri ?? '',
    logo_uri: input.logo_uri ?? '',
    sector_identifier_uri: input.sector_identifier_uri ?? '',
    jwks_uri: input.jwks_uri ?? '',
    frontchannel_logout_uri: input.frontchannel_logout_uri ?? '',
    backchannel_logout_uri: input.backchannel_logout_uri ?? '',
  };
}
