/**
 * What the server remembers about an issued token. The token itself is never stored: `key` is
 * derived from its signature (hydra-compat §4.1). Tokens issued by one grant, and every token a
 * refresh later derives from it, share a `requestId`: revoking one revokes the chain.
 */
export interface TokenRecord {
  readonly key: string;
  readonly requestId: string;
  readonly clientId: string;
  /** The resource owner; the client id itself for client_credentials. */
  readonly subject: string;
  readonly grantedScope: readonly string[];
  readonly grantedAudience: readonly string[];
  readonly session: TokenSession;
  readonly requestedAt: Date;
  readonly expiresAt: Date;
}

/** Per-token data beyond the standard claims. */
export interface TokenSession {
  /** Claims of the access token (consent `session.access_token`): introspection `ext`, JWT `ext`. */
  readonly ext: Record<string, unknown>;
  /** For grants a user took part in: what ID tokens and UserInfo are made of. */
  readonly oidc?: OidcSession;
  /**
   * What the token is bound to (RFC 7800 §3.1 `cnf`): the DPoP key of the proof it was issued
   * with (RFC 9449 §6), the client certificate of the request (RFC 8705 §3), or both. Absent for
   * bearer tokens. On an authorization code: the key of the request's `dpop_jkt` (RFC 9449 §10),
   * which its exchange must prove.
   */
  readonly cnf?: TokenConfirmation;
}

/** The confirmation of a sender-constrained token. */
export interface TokenConfirmation {
  /** RFC 9449 §6.1: base64url SHA-256 JWK thumbprint (RFC 7638) of the DPoP public key. */
  readonly jkt?: string;
  /** RFC 8705 §3.1: base64url SHA-256 of the DER of the client certificate. */
  readonly 'x5t#S256'?: string;
}

/** The `cnf` members a token's holder and its resource servers are told (nothing else stored). */
export function publicConfirmation(cnf: TokenConfirmation): TokenConfirmation {
  return {
    ...(cnf.jkt !== undefined ? { jkt: cnf.jkt } : {}),
    ...(cnf['x5t#S256'] !== undefined ? { 'x5t#S256': cnf['x5t#S256'] } : {}),
  };
}

/** The end-user authentication behind a grant (OIDC Core §2, §5.3). */
export interface OidcSession {
  /** `sub` of ID tokens and UserInfo: the subject, or its pairwise form (OIDC Core §8). */
  readonly subject: string;
  /** Consent `session.id_token`: extra claims of ID tokens and UserInfo. */
  readonly claims: Record<string, unknown>;
  /** Seconds since the epoch. */
  readonly authTime: number;
  /** When the authorization request was made (`rat`), seconds since the epoch. */
  readonly requestedAt: number;
  readonly acr: string;
  readonly amr: readonly string[];
  /** The login session (`sid`). */
  readonly sid: string;
  readonly nonce?: string;
}

export const EMPTY_SESSION: TokenSession = { ext: {} };

/** A refresh token (RFC 6749 §6): single use, rotated on every refresh (hydra-compat §4.5). */
export interface RefreshTokenRecord extends TokenRecord {
  readonly active: boolean;
  readonly usedAt?: Date;
  readonly usedTimes: number;
  /** The access token issued together with it, deleted when it is used within the grace period. */
  readonly accessTokenKey: string;
}

/** An authorization code (RFC 6749 §4.1.2) and what its exchange must check. */
export interface AuthorizationCodeRecord extends TokenRecord {
  readonly active: boolean;
  /** The `redirect_uri` of the authorization request, `''` when it had none. */
  readonly redirectUri: string;
  /** RFC 7636 `code_challenge` (S256), `''` without PKCE. */
  readonly codeChallenge: string;
}

/** How long a used code or refresh token is kept so that its reuse is recognised (as Hydra). */
export const REUSE_DETECTION_MS = 30 * 60_000;
