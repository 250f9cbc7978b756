import type { X509Certificate } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import { ClientStore, type OAuth2Client } from '@tessera/clients';
import { TesseraConfig } from '@tessera/config';
import { ID_TOKEN_KEY_SET, JsonWebKeyManager } from '@tessera/jwks';
import {
  Clock,
  InvalidDpopProofError,
  InvalidTokenError,
  type OAuthError,
  randomUuid,
  ServerError,
  UseDpopNonceError,
} from '@tessera/kernel';
import { DPOP_SIGNING_ALGORITHMS, DpopProofVerifier } from '../dpop/dpop-proof.verifier';
import { certificateThumbprint } from '../mtls/certificate-binding';
import { RESERVED_ID_TOKEN_CLAIMS } from '../oidc/id-token.issuer';
import { TokenFinder } from '../tokens/token-finder';
import type { TokenRecord } from '../tokens/token-records';

/** The UserInfo response (OIDC Core §5.3.2): claims as JSON, or signed when the client asked. */
export type UserinfoResponse =
  | { readonly format: 'json'; readonly claims: Record<string, unknown> }
  | { readonly format: 'jwt'; readonly jwt: string };

/** How the access token was presented. */
export type AuthorizationScheme = 'Bearer' | 'DPoP';

/** A UserInfo request as the transport hands it over. */
export interface UserinfoRequest {
  /** The access token: from the Authorization header, or the form body or query (RFC 6750 §2). */
  readonly token: string | undefined;
  /** `DPoP` for `Authorization: DPoP` (RFC 9449 §7.1); `Bearer` for every RFC 6750 way. */
  readonly scheme: AuthorizationScheme;
  /** The HTTP method, which a DPoP proof names (`htm`). */
  readonly method: string;
  /** Every value of the `DPoP` header field; absent when none was sent. */
  readonly dpop?: readonly string[];
  /** The client certificate of the TLS connection, when mTLS is on (RFC 8705 §3). */
  readonly certificate?: X509Certificate;
}

/**
 * RFC 6750 §3.1 and RFC 9449 §7.1: the error said in `WWW-Authenticate` too, in the challenge of
 * the scheme the token needs; a `DPoP` challenge lists the proof algorithms (`algs`).
 */
function challenge<E extends OAuthError>(error: E, scheme: AuthorizationScheme): E {
  const value =
    scheme === 'Bearer'
      ? `Bearer error="${error.error}",error_description="${error.wireDescription}"`
      : `DPoP error="${error.error}", error_description="${error.wireDescription}", algs="${DPOP_SIGNING_ALGORITHMS.join(' ')}"`;
  return error.withHeader('WWW-Authenticate', value);
}

function invalidToken(hint: string, scheme: AuthorizationScheme): InvalidTokenError {
  return challenge(new InvalidTokenError().withHint(hint), scheme);
}

/**
 * The UserInfo endpoint (OIDC Core §5.3): for a valid access token, the claims of the grant's ID
 * token that describe the user — not those that describe one token (`nonce`, `at_hash`,
 * `c_hash`, `exp`, `sid`, `jti`), hydra-compat §1.2. A DPoP-bound access token is accepted only
 * with the `DPoP` scheme and a proof made with its key (RFC 9449 §7); a bearer token only as one;
 * a certificate-bound one only over a connection with its certificate (RFC 8705 §3).
 */
@Injectable()
export class UserinfoEndpoint {
  constructor(
    private readonly tokens: TokenFinder,
    private readonly clients: ClientStore,
    private readonly keys: JsonWebKeyManager,
    private readonly dpopProofs: DpopProofVerifier,
    private readonly config: TesseraConfig,
    private readonly clock: Clock,
  ) {}

  async userinfo(request: UserinfoRequest): Promise<UserinfoResponse> {
    const record = await this.activeRecord(request);
    const client = await this.clients.findById(record.clientId);
    if (!client)
      throw invalidToken('The client of the access token no longer exists.', request.scheme);
    const claims = this.claims(record);
    const alg = client.userinfo_signed_response_alg;
    if (!alg || alg === 'none') return { format: 'json', claims };
    return { format: 'jwt', jwt: await this.sign(claims, client, alg) };
  }

  /** The record of a live access token, presented as its binding requires. */
  private async activeRecord(request: UserinfoRequest): Promise<TokenRecord> {
    const { token, scheme } = request;
    if (token === undefined) throw invalidToken('No access token was presented.', scheme);
    const found = await this.tokens.find(token);
    if (!found) throw invalidToken('The access token is not active.', scheme);
    if (found.use !== 'access_token')
      throw invalidToken('Only access tokens are allowed in the authorization header.', scheme);
    if (found.record.expiresAt.getTime() <= this.clock.nowMs())
      throw invalidToken('The access token has expired.', scheme);
    const bound = found.record.session.cnf?.jkt;
    // The common case, a bearer token as a bearer token, costs nothing more.
    if (bound !== undefined || scheme === 'DPoP')
      await this.checkDpop({ ...request, token }, bound);
    checkCertificate(found.record, request);
    return found.record;
  }

  /** RFC 9449 §7.1, §7.2: scheme, proof and key must all fit the token's binding. */
  private async checkDpop(
    request: UserinfoRequest & { token: string },
    bound: string | undefined,
  ): Promise<void> {
    if (bound === undefined) {
      throw invalidToken(
        'The access token is not DPoP-bound; present it as a Bearer token.',
        'DPoP',
      );
    }
    if (request.scheme !== 'DPoP') {
      throw invalidToken(
        'The access token is DPoP-bound; present it with the DPoP scheme and a DPoP proof.',
        'DPoP',
      );
    }
    let jkt: string;
    try {
      ({ jkt } = await this.dpopProofs.verify({
        proofs: request.dpop ?? [],
        method: request.method,
        endpoint: 'userinfo',
        accessToken: request.token,
      }));
    } catch (error) {
      // RFC 9449 §7.1, §9: a refused proof, or one without the nonce, gets a `DPoP` challenge.
      const refused = error instanceof InvalidDpopProofError || error instanceof UseDpopNonceError;
      throw refused ? challenge(error, 'DPoP') : error;
    }
    if (jkt !== bound)
      throw invalidToken('The DPoP proof is not made with the key of the access token.', 'DPoP');
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

/**
 * RFC 8705 §3: a certificate-bound access token is accepted only from a connection whose client
 * certificate has the bound thumbprint; otherwise 401 `invalid_token`.
 */
function checkCertificate(record: TokenRecord, request: UserinfoRequest): void {
  const bound = record.session.cnf?.['x5t#S256'];
  if (bound === undefined) return;
  const presented = request.certificate && certificateThumbprint(request.certificate);
  if (presented !== bound) {
    throw invalidToken(
      'The access token is bound to a client certificate that this request did not present.',
      request.scheme,
    );
  }
}
