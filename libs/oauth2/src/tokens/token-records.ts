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

/** Per-token data beyond the standard claims: `ext` is returned by introspection. */
export interface TokenSession {
  readonly ext: Record<string, unknown>;
}

export const EMPTY_SESSION: TokenSession = { ext: {} };
