import { Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import { TesseraConfig } from '@tessera/config';
import { ACCESS_TOKEN_KEY_SET, JsonWebKeyManager } from '@tessera/jwks';
import { randomUuid } from '@tessera/kernel';
import { accessTokenStorageKey } from './hmac-token.codec';
import { AccessTokenStrategy, type IssuedToken } from './access-token.strategy';
import { publicConfirmation, type TokenRecord } from './token-records';

/** Claims a session may never override (hydra-compat §4.2). */
const RESERVED_CLAIMS = new Set([
  'iss',
  'sub',
  'aud',
  'exp',
  'nbf',
  'iat',
  'jti',
  'client_id',
  'scp',
  'scope',
  'ext',
  'cnf',
]);
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * JWT access tokens (RFC 9068, hydra-compat §4.2), signed with the newest key of
 * `hydra.jwt.access-token`, `typ` `at+jwt` (or Hydra's `JWT` by `strategies.jwt.typ`), with
 * `cnf` when DPoP- or certificate-bound (RFC 9449 §6.1, RFC 8705 §3.1). The record
 * is stored under the hashed signature like any token, so introspection and revocation work;
 * the server never trusts a presented JWT's payload, only its stored record.
 */
@Injectable()
export class JwtAccessTokenStrategy extends AccessTokenStrategy {
  readonly format = 'jwt';

  constructor(
    private readonly keys: JsonWebKeyManager,
    private readonly config: TesseraConfig,
  ) {
    super();
  }

  async mint(record: Omit<TokenRecord, 'key'>): Promise<IssuedToken> {
    const signing = await this.keys.signingKey(ACCESS_TOKEN_KEY_SET);
    const token = await new SignJWT(this.claims(record))
      .setProtectedHeader({
        alg: signing.jwk.alg,
        kid: signing.jwk.kid,
        typ: this.config.strategies.jwt.typ,
      })
      .sign(signing.key);
    return { token, key: accessTokenStorageKey(token.slice(token.lastIndexOf('.') + 1)) };
  }

  keyOf(token: string): string | undefined {
    if (token.length > 16_384 || !JWT_SHAPE.test(token)) return undefined;
    return accessTokenStorageKey(token.slice(token.lastIndexOf('.') + 1));
  }

  private claims(record: Omit<TokenRecord, 'key'>): Record<string, unknown> {
    const { oauth2, strategies, urls } = this.config;
    const issuedAt = Math.floor(record.requestedAt.getTime() / 1000);
    const ext = record.session.ext;
    const promoted = Object.fromEntries(
      oauth2.allowed_top_level_claims
        .filter((claim) => !RESERVED_CLAIMS.has(claim) && claim in ext)
        .map((claim) => [claim, ext[claim]]),
    );
    const scopeClaim = strategies.jwt.scope_claim;
    return {
      ...promoted,
      iss: urls.self.issuer,
      sub: record.subject,
      aud: record.grantedAudience,
      exp: Math.floor(record.expiresAt.getTime() / 1000),
      iat: issuedAt,
      ...(oauth2.exclude_not_before_claim ? {} : { nbf: issuedAt }),
      jti: randomUuid(),
      client_id: record.clientId,
      ...(scopeClaim === 'list' || scopeClaim === 'both' ? { scp: record.grantedScope } : {}),
      ...(scopeClaim === 'string' || scopeClaim === 'both'
        ? { scope: record.grantedScope.join(' ') }
        : {}),
      // Hydra mirrors the whole session under `ext` unless told not to.
      ...(oauth2.mirror_top_level_claims && Object.keys(ext).length > 0 ? { ext } : {}),
      // RFC 9449 §6.1, RFC 8705 §3.1: a bound token names its key or certificate.
      ...(record.session.cnf ? { cnf: publicConfirmation(record.session.cnf) } : {}),
    };
  }
}
