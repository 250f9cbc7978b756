import { Injectable } from '@nestjs/common';
import { TLS_CLIENT_AUTH_METHODS } from '@tessera/clients';
import { joinUrl, TesseraConfig } from '@tessera/config';
import { ID_TOKEN_KEY_SET, JsonWebKeyManager } from '@tessera/jwks';
import { ASSERTION_ALGORITHMS } from '../client-auth/client-assertion.verifier';
import { DPOP_SIGNING_ALGORITHMS } from '../dpop/dpop-proof.verifier';
import { TokenEndpoint } from '../token-endpoint/token-endpoint';

/** Every client authentication method of `ClientAuthenticator`, in Hydra's order. */
const AUTH_METHODS = ['client_secret_post', 'client_secret_basic', 'private_key_jwt', 'none'];

/** What the authorization endpoint answers (OAuth 2.0 Multiple Response Types), in Hydra's list. */
const RESPONSE_TYPES = [
  'code',
  'code id_token',
  'id_token',
  'token id_token',
  'token',
  'code token',
  'token id_token code',
];

/**
 * OpenID Connect Discovery 1.0 §3 / RFC 8414 metadata, in Hydra's field order (hydra-compat §1.4),
 * saying only what this server really does: grant types come from the registered handlers, and
 * endpoints or features not served yet are left out instead of being advertised.
 */
@Injectable()
export class DiscoveryDocument {
  constructor(
    private readonly config: TesseraConfig,
    private readonly keys: JsonWebKeyManager,
    private readonly tokenEndpoint: TokenEndpoint,
  ) {}

  private prepared: { readonly generation: number; readonly json: Buffer } | undefined;

  /** The serialised document, if it is prepared and no key set changed since. */
  preparedJson(): Buffer | undefined {
    return this.prepared?.generation === this.keys.generation ? this.prepared.json : undefined;
  }

  /** Builds the document and keeps it serialised for `preparedJson`. */
  async build(): Promise<Record<string, unknown>> {
    const generation = this.keys.generation;
    const document = await this.assemble();
    this.prepared = { generation, json: Buffer.from(JSON.stringify(document)) };
    return document;
  }

  private async assemble(): Promise<Record<string, unknown>> {
    const discovery = this.config.webfinger.oidc_discovery;
    const issuer = this.config.urls.self.issuer;
    const idTokenAlg = (await this.keys.signingKey(ID_TOKEN_KEY_SET)).jwk.alg;
    return {
      issuer,
      authorization_endpoint: discovery.auth_url ?? this.config.publicUrl('/oauth2/auth'),
      ...(discovery.client_registration_url
        ? { registration_endpoint: discovery.client_registration_url }
        : {}),
      token_endpoint: discovery.token_url ?? this.config.publicUrl('/oauth2/token'),
      jwks_uri: discovery.jwks_url ?? joinUrl(issuer, '/.well-known/jwks.json'),
      userinfo_endpoint: discovery.userinfo_url ?? this.config.publicUrl('/userinfo'),
      subject_types_supported: this.subjectTypes(this.config.strategies.access_token),
      response_types_supported: RESPONSE_TYPES,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      claims_supported: unique(['sub', ...discovery.supported_claims]),
      grant_types_supported: this.grantTypes(),
      scopes_supported: unique([
        'offline_access',
        'offline',
        'openid',
        ...discovery.supported_scope,
      ]),
      token_endpoint_auth_methods_supported: this.authMethods(),
      token_endpoint_auth_signing_alg_values_supported: ASSERTION_ALGORITHMS,
      id_token_signing_alg_values_supported: [idTokenAlg],
      id_token_signed_response_alg: [idTokenAlg],
      userinfo_signing_alg_values_supported: ['none', idTokenAlg],
      userinfo_signed_response_alg: [idTokenAlg],
      request_object_signing_alg_values_supported: ['none', ...ASSERTION_ALGORITHMS, 'EdDSA'],
      ...REQUEST_OBJECT_SUPPORT,
      revocation_endpoint: joinUrl(issuer, '/oauth2/revoke'),
      revocation_endpoint_auth_methods_supported: this.authMethods(),
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
      // RFC 9449 §5.1: the token endpoint and UserInfo take DPoP proofs signed with these.
      dpop_signing_alg_values_supported: DPOP_SIGNING_ALGORITHMS,
      ...this.mutualTls(),
    };
  }

  /** RFC 8705 §3.3: certificate-bound access tokens, announced only when mTLS is on. */
  private mutualTls(): { tls_client_certificate_bound_access_tokens?: true } {
    return this.config.oauth2.mtls.enabled
      ? { tls_client_certificate_bound_access_tokens: true }
      : {};
  }

  /** Hydra's methods, and those of RFC 8705 §2 when mTLS is on. */
  private authMethods(): string[] {
    return this.config.oauth2.mtls.enabled
      ? [...AUTH_METHODS, ...TLS_CLIENT_AUTH_METHODS]
      : AUTH_METHODS;
  }

  /** The token endpoint's grants, with the implicit grant of the authorization endpoint, in Hydra's order. */
  private grantTypes(): string[] {
    const served = new Set([...this.tokenEndpoint.grantTypes(), 'implicit']);
    const order = ['authorization_code', 'implicit', 'client_credentials', 'refresh_token'];
    return [
      ...order.filter((grant) => served.has(grant)),
      ...[...served].filter((grant) => !order.includes(grant)),
    ];
  }

  /** Hydra drops pairwise subjects when access tokens are JWTs (their `sub` would leak the real one). */
  private subjectTypes(accessTokens: 'opaque' | 'jwt'): string[] {
    const supported = this.config.oidc.subject_identifiers.supported_types;
    const types = (['public', 'pairwise'] as const).filter(
      (type) => supported.includes(type) && !(type === 'pairwise' && accessTokens === 'jwt'),
    );
    return types.length > 0 ? types : ['public'];
  }
}

/** OIDC Discovery §3: request objects by value and by registered reference; no `claims`. */
const REQUEST_OBJECT_SUPPORT = {
  request_parameter_supported: true,
  request_uri_parameter_supported: true,
  require_request_uri_registration: true,
  claims_parameter_supported: false,
};

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
