import type { OAuth2Client } from '@tessera/clients';
import type { AuthorizeErrorTarget, ResponseMode } from '@tessera/kernel';

/** The OpenID Connect parameters the login UI sees (`oidc_context`, hydra-compat §2.3). */
export interface OidcRequestContext {
  readonly acrValues: readonly string[];
  readonly uiLocales: readonly string[];
  readonly display?: string;
  readonly loginHint?: string;
  readonly idTokenHint?: string;
}

/**
 * A validated authorization request (RFC 6749 §4.1.1, §4.2.1; OIDC Core §3.1.2.1): the client
 * and its verified redirect URI, and every parameter checked against what the client registered.
 */
export interface AuthorizeRequest {
  readonly client: OAuth2Client;
  /** `response_type`, split and sorted: `code`, `token`, `id_token` or a combination. */
  readonly responseTypes: readonly string[];
  readonly responseMode: ResponseMode;
  /** The redirect URI the response goes to. */
  readonly redirectUri: string;
  /** `redirect_uri` as the client sent it, `''` when it relied on its only registered one. */
  readonly redirectUriParameter: string;
  readonly state: string;
  readonly nonce?: string;
  readonly requestedScope: readonly string[];
  readonly requestedAudience: readonly string[];
  /** RFC 7636 S256 challenge, `''` without PKCE. */
  readonly codeChallenge: string;
  /**
   * RFC 9449 §10 `dpop_jkt`: the JWK thumbprint of the DPoP key the authorization code is bound
   * to; its exchange needs a proof made with that key. Absent when the client sent none.
   */
  readonly dpopJkt?: string;
  readonly prompt: readonly string[];
  /** OIDC Core §3.1.2.1 `max_age`, in seconds. */
  readonly maxAge?: number;
  readonly oidc: OidcRequestContext;
  /** Hydra's `identity_schema`, handed on to the login UI. */
  readonly identitySchema?: string;
  /** The authorization URL that started the flow, for the login and consent UIs to return to. */
  readonly requestUrl: string;
  /** Where errors about this request go: the verified redirect URI. */
  readonly errorTarget: AuthorizeErrorTarget;
}

/** The parameters of an authorization request as the transport hands them over. */
export interface AuthorizeParameters {
  /** The query string (GET) and the form body (POST, RFC 6749 §3.1), already decoded. */
  readonly query: Readonly<Record<string, unknown>>;
  readonly body?: Readonly<Record<string, unknown>>;
}

/** Hydra's own parameters on the authorization URL: the way back from the login and consent UIs. */
export const VERIFIER_PARAMETERS = ['login_verifier', 'consent_verifier'] as const;
