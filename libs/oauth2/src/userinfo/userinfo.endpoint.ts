import { Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import { ClientStore, type OAuth2Client } from '@tessera/clients';
import { TesseraConfig } from '@tessera/config';
import { ID_TOKEN_KEY_SET, JsonWebKeyManager } from '@tessera/jwks';
import { Clock, InvalidTokenError, randomUuid, ServerError } from '@tessera/kernel';
import { RESERVED_ID_TOKEN_CLAIMS } from '../oidc/id-token.issuer';
import { TokenFinder } from '../tokens/token-finder';
import type { TokenRecord } from '../tokens/token-records';

/** The UserInfo response (OIDC Core §5.3.2): claims as JSON, or signed when the client asked. */
export type UserinfoResponse =
  | { readonly format: 'json'; readonly claims: Record<string, unknown> }
  | { readonly format: 'jwt'; readonly jwt: string };

/** RFC 6750 §3.1: every failure is `invalid_token`, said in the header as well. */
function invalidToken(hint: string): InvalidTokenError {
  const error = new InvalidTokenError().withHint(hint);
  return error.withHeader(
    'WWW-Authenticate',
    `Bearer error="invalid_token",error_description="${error.wireDescription}"`,
  );
}

/**
 * The UserInfo endpoint (OIDC Core §5.3): for a valid access token, the claims of the grant's ID
 * token that describe the user — not those that describe one token (`nonce`, `at_hash`,
 * `c_hash`, `exp`, `sid`, `jti`), hydra-compat §1.2.
 */
@Injectable()
export class UserinfoEndpoint {
  constructor(
    private readonly tokens: TokenFinder,
    private readonly clients: ClientStore,
    private readonly keys: JsonWebKeyManager,
    private readonly config: TesseraConfig,
    private readonly clock: Clock,
  ) {}

  async userinfo(token: string | undefined): Promise<UserinfoResponse> {
    if (token === undefined) throw invalidToken('No access token was presented.');
    const found = await this.tokens.find(token);
    if (!found) throw invalidToken('The access token is not active.');
    if (found.use !== 'access_token')
      throw invalidToken('Only access tokens are allowed in the authorization header.');
    if (found.record.expiresAt.getTime() <= this.clock.nowMs())
      throw invalidToken('The access token has expired.');
    const client = await this.clients.findById(found.record.clientId);
    if (!client) throw invalidToken('The client of the access token no longer exists.');
    const claims = this.claims(found.record);
    const alg = client.userinfo_signed_response_alg;
    if (!alg || alg === 'none') return { format: 'json', claims };
    return { format: 'jwt', jwt: await this.sign(claims, client, alg) };
  }

  private claims(record: TokenRecord): Record<string, unknown> {
    const oidc = record.session.oidc;
    const custom = Object.fromEntries(
      Object.entries(oidc?.claims ?? {}).filter(([claim]) => !RESERVED_ID_TOKEN_CLAIMS.has(claim)),
    );
    return {
      ...custom,
      sub: oidc?.subject ?? record.subject,
      iss: this.config.urls.self.issuer,
      aud: [record.clientId],
      iat: Math.floor(record.requestedAt.getTime() / 1000),
      ...(oidc
        ? {
            auth_time: oidc.authTime,
            rat: oidc.requestedAt,
            ...(oidc.acr ? { acr: oidc.acr } : {}),
            ...(oidc.amr.length > 0 ? { amr: oidc.amr } : {}),
          }
        : {}),
    };
  }

  /** OIDC Core §5.3.2: signed with the ID token key, a fresh `jti` and `iat`. */
  private async sign(
    claims: Record<string, unknown>,
    client: OAuth2Client,
    alg: string,
  ): Promise<string> {
    const signing = await this.keys.signingKey(ID_TOKEN_KEY_SET);
    if (signing.jwk.alg !== alg) {
      throw new ServerError().withHint(`Unsupported userinfo signing algorithm '${alg}'.`);
    }
    return new SignJWT({ ...claims, aud: [client.client_id], jti: randomUuid() })
      .setProtectedHeader({ alg, kid: signing.jwk.kid, typ: 'JWT' })
      .setIssuedAt(Math.floor(this.clock.nowMs() / 1000))
      .sign(signing.key);
  }
}
