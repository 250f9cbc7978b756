import type { TokenType } from '../dpop/dpop-binding';

/** The token endpoint's success response (RFC 6749 §5.1; Hydra's `OAuth2TokenExchange`). */
export interface TokenResponse {
  readonly access_token: string;
  readonly expires_in: number;
  readonly scope: string;
  /** Hydra's lower-case `bearer`, or `DPoP` for a DPoP-bound access token (RFC 9449 §5). */
  readonly token_type: TokenType;
  readonly refresh_token?: string;
  readonly id_token?: string;
}

/** Seconds until `expiresAt`, rounded down, never negative. */
export function expiresIn(expiresAt: Date, nowMs: number): number {
  return Math.max(0, Math.floor((expiresAt.getTime() - nowMs) / 1000));
}
