import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import type { OAuth2Client } from '@tessera/clients';
import { TesseraConfig } from '@tessera/config';
import { ID_TOKEN_KEY_SET, JsonWebKeyManager } from '@tessera/jwks';
import { Clock, nanosToMillis, parseGoDuration, randomUuid } from '@tessera/kernel';
import type { OidcSession } from '../tokens/token-records';

/** Claims the server sets; `session.id_token` claims never override them (hydra-compat §4.3). */
export const RESERVED_ID_TOKEN_CLAIMS = new Set([
  'iss',
  'sub',
  'aud',
  'exp',
  'iat',
  'rat',
  'auth_time',
  'nonce',
  'at_hash',
  'c_hash',
  'acr',
  'amr',
  'sid',
  'jti',
  'azp',
]);

/** Which grant the ID token is issued by, for the client's own lifespans (hydra-compat §2.2). */
export type IdTokenGrant = 'authorization_code' | 'implicit' | 'refresh_token';

export interface IdTokenRequest {
  readonly client: OAuth2Client;
  readonly oidc: OidcSession;
  readonly grant: IdTokenGrant;
  /** The access token issued alongside, for `at_hash`. */
  readonly accessToken?: string;
  /** The authorization code issued alongside, for `c_hash`. */
  readonly code?: string;
}

/**
 * ID tokens (OIDC Core §2, hydra-compat §4.3), signed with the newest key of
 * `hydra.openid.id-token`: Hydra's claims, and the consent's `session.id_token` claims at the top
 * level where they do not collide with a reserved one.
 */
@Injectable()
export class IdTokenIssuer {
  constructor(
    private readonly keys: JsonWebKeyManager,
    private readonly config: TesseraConfig,
    private readonly clock: Clock,
  ) {}

  async issue(request: IdTokenRequest): Promise<string> {
    const signing = await this.keys.signingKey(ID_TOKEN_KEY_SET);
    const alg = signing.jwk.alg;
    const now = Math.floor(this.clock.nowMs() / 1000);
    const { oidc } = request;
    const custom = Object.fromEntries(
      Object.entries(oidc.claims).filter(([claim]) => !RESERVED_ID_TOKEN_CLAIMS.has(claim)),
    );
    const claims = {
      ...custom,
      iss: this.config.urls.self.issuer,
      sub: oidc.subject,
      aud: [request.client.client_id],
      exp: now + Math.floor(this.lifespanMs(request) / 1000),
      iat: now,
      rat: oidc.requestedAt,
      auth_time: oidc.authTime,
      ...(oidc.nonce ? { nonce: oidc.nonce } : {}),
      ...(request.accessToken ? { at_hash: halfHash(request.accessToken, alg) } : {}),
      ...(request.code ? { c_hash: halfHash(request.code, alg) } : {}),
      ...(oidc.acr ? { acr: oidc.acr } : {}),
      ...(oidc.amr.length > 0 ? { amr: oidc.amr } : {}),
      sid: oidc.sid,
      jti: randomUuid(),
    };
    return new SignJWT(claims)
      .setProtectedHeader({ alg, kid: signing.jwk.kid, typ: 'JWT' })
      .sign(signing.key);
  }

  private lifespanMs(request: IdTokenRequest): number {
    const own = request.client[`${request.grant}_grant_id_token_lifespan`];
    const nanos = own ? parseGoDuration(own) : undefined;
    return nanos !== undefined ? nanosToMillis(nanos) : this.config.ttl.id_token;
  }
}

/**
 * `at_hash` / `c_hash` (OIDC Core §3.1.3.6, §3.3.2.11): the left half of the hash of the token
 * with the hash function of the signing algorithm, base64url-encoded.
 */
export function halfHash(value: string, alg: string): string {
  const bits = alg === 'EdDSA' ? '512' : (/(256|384|512)$/.exec(alg)?.[1] ?? '256');
  const digest = createHash(`sha${bits}`).update(value, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}
